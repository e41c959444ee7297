// The what-if in the browser: 10,000 reviews fetched from the receiver's export,
// re-scored under a candidate rubric by the wasm engine and reported both ways, in
// headless Chromium; time from the click to the result, and memory. Figures are
// reported (docs/performance.md), never asserted.
//
//   node benches/whatif.mjs [--reviews 10000] [--runs 5]
// after `.ci/build-web --release` and `cargo build --release --bin rubric-receiver`.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { chromium } from 'playwright-core';

const arg = (name, fallback) => {
  const at = process.argv.indexOf(`--${name}`);
  return at > 0 ? Number(process.argv[at + 1]) : fallback;
};
const REVIEWS = arg('reviews', 10_000);
const RUNS = arg('runs', 5);
const PORT = 4871;
const base = `http://127.0.0.1:${PORT}`;
const receiverBin = ['target/release/rubric-receiver', 'target/debug/rubric-receiver'].find(existsSync);
const dir = 'target/bench/whatif';
rmSync(dir, { recursive: true, force: true });
mkdirSync(dir, { recursive: true });

execFileSync(receiverBin, ['seed', '--reviews', String(REVIEWS), '--days', '28', '--rubric', 'cc-qc-standard',
  '--db', `${dir}/reviews.sqlite`, '--rubrics', 'tests/fixtures/rubrics']);
const receiver = spawn(receiverBin, ['--addr', `127.0.0.1:${PORT}`, '--db', `${dir}/reviews.sqlite`,
  '--rubrics', 'tests/fixtures/rubrics', '--serve', '/=dist'], { stdio: 'ignore' });
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

try {
  for (let i = 0; i < 200 && !(await fetch(`${base}/api/health`).then((r) => r.ok, () => false)); i += 1) {
    await new Promise((r) => setTimeout(r, 50));
  }
  const candidate = JSON.parse(readFileSync('tests/fixtures/rubrics/cc-qc-standard.json', 'utf8'));
  candidate.version = '2027.1';
  for (const item of candidate.sections.flatMap((s) => s.items)) if (item.id === 'interrupt') item.per = 5;
  const day = (offset) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--enable-precise-memory-info'] });
  const page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
  await page.addInitScript(() => addEventListener('TrunkApplicationStarted', (e) => { window.benchWasm = e.detail.wasm; }));
  await page.goto(`${base}/report.html?period=custom&from=${day(-30)}&to=${day(0)}&tz=UTC&lang=en`);
  await page.getByTestId('kpis').waitFor({ timeout: 30_000 });
  const reviews = Number(await page.getByTestId('kpi-reviews').getByTestId('value').textContent());
  await page.getByTestId('candidate-text').fill(JSON.stringify(candidate));
  const cdp = await page.context().newCDPSession(page);
  const memory = async () => {
    const { metrics } = await cdp.send('Performance.getMetrics');
    const heap = metrics.find((m) => m.name === 'JSHeapUsedSize').value;
    const wasm = await page.evaluate(() => window.benchWasm?.memory?.buffer.byteLength ?? 0);
    return { heap, wasm };
  };
  await cdp.send('Performance.enable');
  const before = await memory();
  const times = [];
  for (let run = 0; run < RUNS; run += 1) {
    const start = Date.now();
    await page.getByTestId('run-what-if').click();
    await page.getByTestId('what-if-result').waitFor({ timeout: 60_000 });
    await page.getByTestId('run-what-if').waitFor({ state: 'visible' });
    await page.waitForFunction(() => !document.querySelector('[data-testid=run-what-if]').disabled);
    times.push(Date.now() - start);
  }
  const after = await memory();
  await browser.close();
  const mb = (b) => `${(b / 1048576).toFixed(1)} MB`;
  const lines = [
    `# What-if in the browser (${new Date().toISOString().slice(0, 10)})`,
    '',
    `${reviews} reviews in the period (export → parse → re-score under the candidate → both reports), ${RUNS} runs`,
    '',
    '| figure | value |',
    '|---|---|',
    `| click → result, median | ${median(times)} ms |`,
    `| click → result, each run | ${times.join(', ')} ms |`,
    `| JS heap before / after | ${mb(before.heap)} / ${mb(after.heap)} |`,
    `| wasm memory before / after | ${mb(before.wasm)} / ${mb(after.wasm)} |`,
  ];
  writeFileSync('target/bench/whatif.md', `${lines.join('\n')}\n`);
  console.log(lines.join('\n'));
} finally {
  receiver.kill('SIGTERM');
}
