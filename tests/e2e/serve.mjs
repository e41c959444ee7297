// A plain static server on a second origin (127.0.0.1 only): the built widget, sending
// reviews to a receiver on another origin, and the host pages embedding the widget
// from another origin (the iframe host).
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, resolve } from 'node:path';

const port = Number(process.argv[2] || 4818);
// The built widget, and the example host pages under /hosts/.
const roots = [['/hosts/', resolve('tests/e2e/hosts')], ['/', resolve('dist')]];
const types = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css',
  '.wasm': 'application/wasm', '.json': 'application/json', '.svg': 'image/svg+xml', '.wav': 'audio/wav',
};

createServer(async (req, res) => {
  const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
  const [prefix, root] = roots.find(([p]) => path.startsWith(p));
  const rest = path.slice(prefix.length);
  const relative = normalize(rest === '' ? 'index.html' : rest);
  const file = join(root, relative);
  if (!file.startsWith(root)) return res.writeHead(403).end('forbidden');
  try {
    const body = await readFile(file);
    res.writeHead(200, { 'Content-Type': types[extname(file)] || 'application/octet-stream' }).end(body);
  } catch {
    res.writeHead(404, { 'Content-Type': 'text/plain' }).end(`not found: ${path}`);
  }
}).listen(port, '127.0.0.1', () => console.log(`static widget on http://127.0.0.1:${port}/`));
