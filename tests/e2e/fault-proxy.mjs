// A fault-injecting proxy in front of the real receiver, for the delivery tests.
//
// Each scenario has a script of what the next requests get — a status (with an
// optional Retry-After), a dropped connection, a delay, or "pass" — and what every
// request after the script gets ("then"). The widget is pointed at a scenario with
// `?config=http://127.0.0.1:<port>/__config/<name>.json`, which makes it send the
// header X-Fault-Scenario: <name>. The proxy counts, per review, the requests it saw,
// the ones it forwarded, and the ones the receiver answered by creating a row.
//
//   POST /__scenario/<name>  {"script": [{"status": 503, "retry_after": 1}, {"drop": true},
//                              {"delay_ms": 3000}, {"pass": true}], "then": {"pass": true}}
//   GET  /__scenario/<name>  → {"seen": {...}, "forwarded": {...}, "created": {...}}
import { createServer, request } from 'node:http';

const [port, upstream] = [Number(process.argv[2] || 4819), new URL(process.argv[3] || 'http://127.0.0.1:4817')];
const scenarios = new Map();

function scenario(name) {
  if (!scenarios.has(name)) {
    scenarios.set(name, { script: [], then: { pass: true }, seen: {}, forwarded: {}, created: {} });
  }
  return scenarios.get(name);
}

function cors(req, res) {
  res.setHeader('Access-Control-Allow-Origin', req.headers.origin || '*');
  res.setHeader('Access-Control-Allow-Methods', 'GET, POST, PUT, OPTIONS');
  res.setHeader('Access-Control-Allow-Headers', 'content-type, idempotency-key, authorization, x-fault-scenario');
  res.setHeader('Access-Control-Expose-Headers', 'retry-after, location, idempotent-replayed');
  res.setHeader('Vary', 'Origin');
}

function json(res, status, body) {
  res.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(body));
}

async function body(req) {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  return Buffer.concat(chunks);
}

const count = (map, key) => { map[key] = (map[key] || 0) + 1; };

function forward(req, res, payload, s, reviewId) {
  count(s.forwarded, reviewId);
  const headers = { ...req.headers, host: upstream.host };
  delete headers['x-fault-scenario'];
  const up = request({ host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers }, (answer) => {
    if (answer.statusCode === 201 && !answer.headers['idempotent-replayed']) count(s.created, reviewId);
    const out = { ...answer.headers };
    res.writeHead(answer.statusCode, out);
    answer.pipe(res);
  });
  up.on('error', () => res.destroy());
  up.end(payload);
}

createServer(async (req, res) => {
  cors(req, res);
  const url = new URL(req.url, 'http://x');
  if (req.method === 'OPTIONS') return res.writeHead(204).end();
  const control = url.pathname.match(/^\/__scenario\/([\w-]+)$/);
  if (control) {
    const s = scenario(control[1]);
    if (req.method === 'POST') {
      const spec = JSON.parse((await body(req)).toString() || '{}');
      s.script = spec.script || [];
      s.then = spec.then || { pass: true };
      return json(res, 200, { ok: true });
    }
    return json(res, 200, { seen: s.seen, forwarded: s.forwarded, created: s.created });
  }
  const config = url.pathname.match(/^\/__config\/([\w-]+)\.json$/);
  if (config) {
    return json(res, 200, {
      endpoint: `http://127.0.0.1:${port}/api/reviews`,
      headers: { 'X-Fault-Scenario': config[1] },
      timeout_ms: 1500,
      retry: { max_attempts: 50, base_delay_ms: 200, max_delay_ms: 1000 },
    });
  }
  const s = scenario(req.headers['x-fault-scenario'] || 'default');
  const payload = await body(req);
  const reviewId = req.headers['idempotency-key'] || '-';
  if (req.method === 'POST' || req.method === 'PUT') count(s.seen, reviewId);
  const step = (req.method === 'POST' || req.method === 'PUT') && s.script.length ? s.script.shift() : s.then;
  if (req.method === 'GET' || step.pass) return forward(req, res, payload, s, reviewId);
  if (step.drop) return req.socket.destroy();
  if (step.delay_ms) return setTimeout(() => forward(req, res, payload, s, reviewId), step.delay_ms);
  const headers = { 'Content-Type': 'application/json' };
  if (step.retry_after !== undefined) headers['Retry-After'] = String(step.retry_after);
  res.writeHead(step.status, headers).end(JSON.stringify(step.body || { error: `injected ${step.status}` }));
}).listen(port, '127.0.0.1', () => console.log(`fault proxy on http://127.0.0.1:${port}/ → ${upstream}`));
