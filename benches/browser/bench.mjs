// The browser benchmark: the widget and SurveyJS side by side, on the same generated
// rubrics, in the same headless Chromium run. Run by `.ci/bench` (which builds the
// release widget and the `rubric` CLI first); not part of the pass/fail tests.
//
// For each N (50, 200, 1000 items) and each side, over RUNS fresh page loads:
//   tti    — from navigation start to the form being interactive: the last item shown
//            and the total in the DOM (a MutationObserver installed before any script);
//   click  — CLICKS clicks on options spread over the form, each timed inside the page
//            from the click to the total's text changing (MutationObserver);
//   heap   — performance.memory.usedJSHeapSize after load (and the wasm memory for the
//            widget, which the JS heap does not include);
// and the bytes each side transfers (wasm, JS, CSS: raw and gzip -9).
// Prints a table and writes target/bench/browser.json and target/bench/browser.md.
import { chromium } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, resolve } from 'node:path';
import { toSurveyJs } from './surveyjs.mjs';
import { WIDGET_FILES, bytes } from '../bytes.mjs';

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const SIZES = arg('sizes', '50,200,1000').split(',').map(Number);
const RUNS = Number(arg('runs', 5));
const CLICKS = Number(arg('clicks', 20));
const SEED = arg('seed', '7');
const RUBRIC = arg('rubric-bin', 'target/release/rubric');
const OUT = resolve('target/bench');
mkdirSync(join(OUT, 'rubrics'), { recursive: true });

// --- the generated rubrics, for both sides ---------------------------------------------
const forms = SIZES.map((n) => {
  const text = execFileSync(RUBRIC, ['gen', String(n), '--seed', SEED, '--method', 'deduct']).toString();
  const rubric = JSON.parse(text);
  writeFileSync(join(OUT, 'rubrics', `gen-${n}.json`), text);
  writeFileSync(join(OUT, 'rubrics', `gen-${n}.surveyjs.json`), JSON.stringify(toSurveyJs(rubric)));
  const items = rubric.sections.flatMap((s) => s.items);
  // The last item shown from the start: when it is in the DOM, the whole form is.
  const last = [...items].reverse().find((i) => !i.show_if).id;
  // Clicks: pass/fail and option items spread over the form, each on its lowest-scoring
  // option that is not critical (a deduction, so the total moves; a critical would
  // freeze it at 0). Twice as many candidates as clicks: a click that does not move
  // the total (a section's budget used up) is skipped and counted.
  const candidates = items.filter((i) => !i.show_if && (
    (i.kind === 'check' && !i.critical)
    || (i.kind === 'choice' && i.options.some((o) => !o.critical && o.points < Math.max(...i.options.map((x) => x.points))))));
  const targets = [];
  for (let k = 0; k < Math.min(candidates.length, CLICKS * 2); k++) {
    const item = candidates[Math.floor(k * candidates.length / Math.min(candidates.length, CLICKS * 2))];
    const option = item.kind === 'check' ? 'fail'
      : item.options.filter((o) => !o.critical).reduce((a, b) => (b.points < a.points ? b : a)).id;
    targets.push({ item: item.id, option });
  }
  return { n, items: items.length, last, targets };
});

// --- one static server for both sides (127.0.0.1 only) ---------------------------------
const roots = [
  ['/bench/', OUT],
  ['/peer/', resolve('benches/browser')],
  ['/', resolve('dist')],
];
const types = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.mjs': 'text/javascript',
  '.css': 'text/css', '.wasm': 'application/wasm', '.json': 'application/json', '.svg': 'image/svg+xml',
};
const server = createServer(async (req, res) => {
  const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
  const [prefix, root] = roots.find(([p]) => path.startsWith(p));
  const file = join(root, normalize(path.slice(prefix.length) || 'index.html'));
  if (!file.startsWith(root)) return res.writeHead(403).end();
  try {
    const body = await readFile(file);
    res.writeHead(200, { 'Content-Type': types[extname(file)] || 'application/octet-stream', 'Cache-Control': 'no-store' }).end(body);
  } catch {
    res.writeHead(404).end();
  }
});
await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
const base = `http://127.0.0.1:${server.address().port}`;

// --- the two sides ----------------------------------------------------------------------
const sides = {
  widget: {
    url: (n) => `${base}/index.html?rubric=/bench/rubrics/gen-${n}.json&lang=zh-CN&call_id=bench`,
    item: (id) => `[data-item="${id}"]`,
    total: '[data-testid="total"]',
    option: (t) => `[data-testid="opt-${t.item}-${t.option}"]`,
    wasm: () => window.__wasm?.memory?.buffer.byteLength ?? null,
  },
  surveyjs: {
    url: (n) => `${base}/peer/peer.html?survey=/bench/rubrics/gen-${n}.surveyjs.json`,
    item: (id) => `[data-name="${id}"]`,
    total: '[data-name="total"]',
    option: (t) => `[data-name="${t.item}"] input[value="${t.option}"]`,
    wasm: () => null,
  },
};

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync',
    '--enable-precise-memory-info', '--disable-dev-shm-usage'],
});

/** One fresh page load: tti, heap, and the clicks. */
async function run(side, form) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.addInitScript(({ item, total }) => {
    window.__bench = { ready: null };
    // Trunk's loader announces the instantiated wasm (the widget's linear memory).
    addEventListener('TrunkApplicationStarted', (e) => { window.__wasm = e.detail.wasm; });
    const check = () => {
      if (window.__bench.ready === null && document.querySelector(item) && document.querySelector(total)) {
        window.__bench.ready = performance.now();
        observer.disconnect();
      }
    };
    const observer = new MutationObserver(check);
    observer.observe(document, { childList: true, subtree: true });
  }, { item: side.item(form.last), total: side.total });
  await page.goto(side.url(form.n));
  await page.waitForFunction(() => window.__bench.ready !== null, null, { timeout: 120_000, polling: 100 });
  const tti = await page.evaluate(() => window.__bench.ready);
  const heap = await page.evaluate(() => performance.memory.usedJSHeapSize);
  const wasm = await page.evaluate(side.wasm);
  const clicks = [];
  let skipped = 0;
  for (const target of form.targets) {
    if (clicks.length === CLICKS) break;
    const ms = await page.evaluate(async ({ option, total }) => {
      const el = document.querySelector(option);
      if (!el) return 'missing';
      const before = document.querySelector(total).textContent;
      return new Promise((done) => {
        let t0 = 0;
        const observer = new MutationObserver(() => {
          if (document.querySelector(total)?.textContent !== before) {
            observer.disconnect();
            done(performance.now() - t0);
          }
        });
        observer.observe(document.body, { childList: true, subtree: true, characterData: true, attributes: false });
        setTimeout(() => { observer.disconnect(); done(null); }, 3000);
        t0 = performance.now();
        el.click();
      });
    }, { option: side.option(target), total: side.total });
    if (ms === 'missing') throw new Error(`${side.url(form.n)}: no ${side.option(target)}`);
    if (ms === null) skipped++;
    else clicks.push(ms);
    // Let the page settle (a paint, idle) before the next click, as between human clicks.
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 30))));
  }
  await context.close();
  return { tti, heap, wasm, clicks, skipped };
}

const median = (a) => { const s = [...a].sort((x, y) => x - y); return s[Math.floor(s.length / 2)]; };
const p95 = (a) => { const s = [...a].sort((x, y) => x - y); return s[Math.min(s.length - 1, Math.ceil(s.length * 0.95) - 1)]; };
const round = (x, d = 1) => (x === null || x === undefined ? null : Number(x.toFixed(d)));

const results = { date: new Date().toISOString(), chromium: browser.version(), runs: RUNS, clicks_per_run: CLICKS, seed: SEED, sizes: [] };
for (const form of forms) {
  const row = { n: form.n, items: form.items };
  for (const [name, side] of Object.entries(sides)) {
    const runs = [];
    for (let r = 0; r < RUNS; r++) runs.push(await run(side, form));
    const clicks = runs.flatMap((r) => r.clicks);
    const ttis = runs.map((r) => r.tti);
    row[name] = {
      tti_median_ms: round(median(ttis)), tti_min_ms: round(Math.min(...ttis)), tti_max_ms: round(Math.max(...ttis)),
      click_median_ms: round(median(clicks), 2), click_p95_ms: round(p95(clicks), 2), clicks: clicks.length,
      clicks_skipped: runs.reduce((s, r) => s + r.skipped, 0),
      heap_mb: round(median(runs.map((r) => r.heap)) / 1048576),
      wasm_mb: runs[0].wasm === null ? null : round(median(runs.map((r) => r.wasm)) / 1048576),
    };
    console.error(`  ${name} N=${form.n}: ${JSON.stringify(row[name])}`);
  }
  results.sizes.push(row);
}
await browser.close();
server.close();

// --- bytes -------------------------------------------------------------------------------
results.bytes = {
  widget: bytes(WIDGET_FILES.map((f) => `dist/${f}`)),
  surveyjs: bytes(['benches/browser/node_modules/survey-core/survey.core.min.js',
    'benches/browser/node_modules/survey-js-ui/survey-js-ui.min.js',
    'benches/browser/node_modules/survey-core/survey-core.min.css']),
};

// --- the table ---------------------------------------------------------------------------
const ratio = (a, b) => (a === null || b === null || !b ? '—' : `${(a / b).toFixed(2)}×`);
const kb = (x) => `${(x / 1000).toFixed(0)} KB`; // 1 KB = 1,000 bytes, as SurveyJS's figures
const lines = [];
lines.push(`Chromium ${results.chromium}, ${RUNS} fresh loads per cell, ${CLICKS} clicks per load; generated deduct rubrics (seed ${SEED}).`, '');
lines.push('| N | measure | widget | SurveyJS | widget / SurveyJS |', '|---|---|---|---|---|');
for (const row of results.sizes) {
  const w = row.widget, s = row.surveyjs;
  lines.push(`| ${row.n} | time to interactive, median (min–max) | ${w.tti_median_ms} ms (${w.tti_min_ms}–${w.tti_max_ms}) | ${s.tti_median_ms} ms (${s.tti_min_ms}–${s.tti_max_ms}) | ${ratio(w.tti_median_ms, s.tti_median_ms)} |`);
  lines.push(`| ${row.n} | click → total, median | ${w.click_median_ms} ms | ${s.click_median_ms} ms | ${ratio(w.click_median_ms, s.click_median_ms)} |`);
  lines.push(`| ${row.n} | click → total, p95 (${w.clicks} / ${s.clicks} clicks) | ${w.click_p95_ms} ms | ${s.click_p95_ms} ms | ${ratio(w.click_p95_ms, s.click_p95_ms)} |`);
  lines.push(`| ${row.n} | JS heap after load | ${w.heap_mb} MB (+ ${w.wasm_mb} MB wasm memory) | ${s.heap_mb} MB | ${ratio(w.heap_mb + (w.wasm_mb ?? 0), s.heap_mb)} |`);
}
const b = results.bytes;
lines.push(`| — | transfer, gzip -9 (raw) | ${kb(b.widget.gzip)} (${kb(b.widget.raw)}) | ${kb(b.surveyjs.gzip)} (${kb(b.surveyjs.raw)}) | ${ratio(b.widget.gzip, b.surveyjs.gzip)} |`);
lines.push('', 'Files, gzip -9 (raw):');
for (const side of ['widget', 'surveyjs']) {
  for (const f of b[side].files) lines.push(`- ${f.file}: ${kb(f.gzip)} (${kb(f.raw)})`);
}
const table = lines.join('\n');
console.log(table);
writeFileSync(join(OUT, 'browser.json'), JSON.stringify(results, null, 2));
writeFileSync(join(OUT, 'browser.md'), `${table}\n`);
