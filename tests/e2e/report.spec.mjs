// The report console (report.html) on a receiver that requires sign-in: reviews seeded
// through the API, the KPI figures checked against /api/stats, filters, the
// drill-down to one review, CSV, the printed monthly report and the what-if. The
// receiver is a real one started here, per worker.
import { execFileSync, spawn } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { test, expect } from '@playwright/test';
import { seriousViolations } from './axe.mjs';

const SECRET = 'reports are for supervisors';
const RUBRIC = 'tests/fixtures/rubrics/cc-qc-standard.json';

function jwt(claims) {
  const part = (o) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const head = `${part({ alg: 'HS256', typ: 'JWT' })}.${part(claims)}`;
  return `${head}.${createHmac('sha256', SECRET).update(head).digest('base64url')}`;
}
const token = (sub, role) => jwt({ sub, role, aud: 'rubric-receiver', exp: Math.floor(Date.now() / 1000) + 600 });
const LEAD = token('lead', 'supervisor');

// The period: the 30 days up to today, UTC, as the console's custom range and as the
// API's [from, to).
const day = (offset) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
const FIRST = day(-29);
const LAST = day(0);
const FROM = `${FIRST}T00:00:00+00:00`;
const TO = `${day(1)}T00:00:00+00:00`;
const PERIOD = `rubric=cc-qc-standard&period=custom&from=${FIRST}&to=${LAST}&tz=UTC`;

let receiver;
let base;

async function started(url) {
  for (let i = 0; i < 200; i += 1) {
    if (await fetch(`${url}/api/health`).then((r) => r.ok, () => false)) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`no receiver at ${url}`);
}

/** A made-up center's reviews: `rubric-receiver seed` into a scratch database, read
 *  back through a scratch receiver's export. */
async function centerReviews(dir, port) {
  const db = `${dir}/scratch.sqlite`;
  execFileSync('target/debug/rubric-receiver', ['seed', '--reviews', '900', '--days', '60', '--rubric', 'cc-qc-standard',
    '--db', db, '--rubrics', 'tests/fixtures/rubrics']);
  const scratch = spawn('target/debug/rubric-receiver', ['--addr', `127.0.0.1:${port}`, '--db', db,
    '--rubrics', 'tests/fixtures/rubrics'], { stdio: 'ignore' });
  try {
    await started(`http://127.0.0.1:${port}`);
    const text = await (await fetch(`http://127.0.0.1:${port}/api/reviews/export?rubric=cc-qc-standard&from=2000-01-01T00:00:00Z&to=2100-01-01T00:00:00Z`)).text();
    return text.split('\n').filter(Boolean);
  } finally {
    scratch.kill('SIGTERM');
  }
}

/** Agent A-EDGE: three reviews at 65.0 (the typical answers, 90 s of silence), just
 *  above the pass mark of 60; interruptions costing 5 instead of 2 put them at 59. */
function edgeReviews(dir) {
  const answers = JSON.parse(readFileSync('tests/fixtures/rubrics/examples/cc-qc-standard.typical.answers.json', 'utf8'));
  answers.silence = { value: 90 };
  writeFileSync(`${dir}/edge.json`, JSON.stringify(answers));
  return [2, 3, 4].map((n) => execFileSync('target/debug/rubric', ['review', RUBRIC, `${dir}/edge.json`, '--reviewer', 'qc-01',
    '--context', 'agent_id=A-EDGE', '--context', 'team=T9', '--context', `call_id=C-EDGE-${n}`,
    '--at', new Date(Date.now() - n * 86_400_000).toISOString().replace(/\.\d+Z$/, 'Z')], { encoding: 'utf8' }));
}

async function post(document) {
  const { review_id: id } = JSON.parse(document);
  const response = await fetch(`${base}/api/reviews`, {
    method: 'POST', body: document,
    headers: { Authorization: `Bearer ${LEAD}`, 'Content-Type': 'application/json', 'Idempotency-Key': id },
  });
  if (response.status !== 201) throw new Error(`${response.status} ${await response.text()}`);
}

test.beforeAll(async ({}, testInfo) => {
  testInfo.setTimeout(120_000);
  const port = 4850 + testInfo.workerIndex;
  base = `http://127.0.0.1:${port}`;
  const dir = `target/e2e/report-${testInfo.workerIndex}`;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  writeFileSync(`${dir}/secret`, SECRET);
  const reviews = [...await centerReviews(dir, port + 10), ...edgeReviews(dir)];
  receiver = spawn('target/debug/rubric-receiver', [
    '--addr', `127.0.0.1:${port}`, '--db', `${dir}/reviews.sqlite`, '--rubrics', 'tests/fixtures/rubrics',
    '--serve', '/=dist', '--jwt-secret-file', `${dir}/secret`,
  ], { stdio: 'ignore' });
  await started(base);
  for (let i = 0; i < reviews.length; i += 8) await Promise.all(reviews.slice(i, i + 8).map(post));
});

test.afterAll(() => receiver?.kill('SIGTERM'));

async function stats(query) {
  const url = `${base}/api/stats?rubric=cc-qc-standard&from=${encodeURIComponent(FROM)}&to=${encodeURIComponent(TO)}&tz=UTC&bucket=day${query}`;
  const response = await fetch(url, { headers: { Authorization: `Bearer ${LEAD}` } });
  expect(response.status).toBe(200);
  return response.json();
}

const pct = (rate) => `${(rate * 100).toFixed(2)} %`;

async function expectKpis(page, summary) {
  await expect(page.getByTestId('kpi-reviews').getByTestId('value')).toHaveText(String(summary.reviews));
  await expect(page.getByTestId('kpi-mean').getByTestId('value')).toHaveText(summary.mean_total.toFixed(2));
  await expect(page.getByTestId('kpi-pass').getByTestId('value')).toHaveText(pct(summary.pass_rate));
  await expect(page.getByTestId('kpi-fatal').getByTestId('value')).toHaveText(pct(summary.fatal_rate));
  await expect(page.getByTestId('kpi-error').getByTestId('value')).toHaveText(pct(summary.error_rate));
}

async function signIn(page, query = PERIOD) {
  await page.goto(`${base}/report.html?${query}&lang=en`);
  await expect(page.getByTestId('sign-in')).toBeVisible();
  await page.getByLabel('Token').fill(LEAD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByTestId('kpis')).toBeVisible();
}

test('an agent\'s token gets 403 from the stats and the export, and the console asks for a supervisor', async ({ page }) => {
  const agent = token('A001', 'agent');
  for (const route of ['api/stats', 'api/reviews/export']) {
    const response = await fetch(`${base}/${route}?rubric=cc-qc-standard&from=${encodeURIComponent(FROM)}&to=${encodeURIComponent(TO)}`,
      { headers: { Authorization: `Bearer ${agent}` } });
    expect(response.status, route).toBe(403);
  }
  await page.goto(`${base}/report.html?${PERIOD}&lang=en`);
  await page.getByLabel('Token').fill(agent);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByTestId('sign-in')).toContainText('supervisor');
  await expect(page.getByTestId('kpis')).toHaveCount(0);
});

test('the KPI cards are the API\'s figures, and filters by team and agent narrow them, in the URL', async ({ page }, testInfo) => {
  await signIn(page);
  await page.screenshot({ path: `target/e2e/screenshots/${testInfo.project.name}-report.png`, fullPage: true });
  const all = await stats('');
  expect(all.summary.reviews).toBeGreaterThan(300);
  await expectKpis(page, all.summary);
  // Inspectors' calibrations (the seed's every 40th call) beside their figures.
  const { calibration } = await stats('&with=calibration');
  expect(calibration.length).toBeGreaterThan(0);
  const [first] = calibration;
  await expect(page.getByTestId(`inspector-${first.reviewer_id}`).getByTestId('agreement')).toHaveText(pct(first.agreement));
  expect(await seriousViolations(page)).toEqual([]);
  await page.getByTestId('filter-team').selectOption('T2');
  await expect(page).toHaveURL(/team=T2/);
  await expectKpis(page, (await stats('&team=T2')).summary);
  await page.getByTestId('filter-agent').selectOption('A-EDGE');
  await expect(page).toHaveURL(/agent=A-EDGE/);
  // Team T2 and agent A-EDGE (of T9): nobody.
  await expect(page.getByTestId('empty')).toBeVisible();
  await page.getByTestId('filter-team').selectOption('');
  await expectKpis(page, (await stats('&agent_id=A-EDGE')).summary);
  // The URL is the report: opened afresh, it shows the same.
  await page.reload();
  await expect(page.getByTestId('kpi-reviews').getByTestId('value')).toHaveText('3');
});

test('an agent drills down to a review shown read-only with its why-trace', async ({ page }, testInfo) => {
  await signIn(page);
  await page.getByTestId('agent-A-EDGE').getByRole('button', { name: 'A-EDGE' }).click();
  const list = page.getByTestId('agent-reviews-table');
  await expect(list.locator('tbody tr')).toHaveCount(3);
  await list.getByTestId('open-review').first().click();
  const review = page.getByTestId('review-view');
  await expect(review.getByTestId('review-facts')).toContainText('A-EDGE');
  await expect(review.getByTestId('total')).toHaveText('65.0');
  await expect(review.getByTestId('why-interrupt')).toContainText('6 / 10');
  await expect(review.getByTestId('review-answers')).toContainText('Impatient');
  await page.screenshot({ path: `target/e2e/screenshots/${testInfo.project.name}-report-review.png`, fullPage: true });
  expect(await seriousViolations(page)).toEqual([]);
});

test('every table downloads as CSV with a BOM, Chinese intact', async ({ page }) => {
  await signIn(page);
  const all = await stats('');
  for (const [table, rows] of [['agents', all.agents.length], ['items', all.items.length], ['summary', 1]]) {
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId(`csv-${table}`).click()]);
    const bytes = readFileSync(await download.path());
    expect([...bytes.subarray(0, 3)], table).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.toString('utf8').slice(1).trimEnd().split('\n');
    expect(lines.length, table).toBe(rows + 1);
    if (table === 'summary') {
      expect(lines[0]).toBe('reviews,mean_total,median_total,pass_rate,fatal_rate,error_rate,critical_rate,grades');
      expect(lines[1].split(',')[0]).toBe(String(all.summary.reviews));
      expect(lines[1]).toContain('优秀:');
    }
  }
});

test('the monthly report prints on numbered A4 pages', async ({ page }, testInfo) => {
  test.skip(testInfo.project.name === 'phone', 'printing does not depend on the viewport');
  await signIn(page);
  const pdf = await page.pdf({ format: 'A4', printBackground: true });
  const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page(?!s)/g) || []).length;
  // KPIs, three charts and three tables of ~100 agents and ~25 items.
  expect(pages).toBeGreaterThanOrEqual(3);
  expect(pages).toBeLessThanOrEqual(12);
});

test('what if interruptions cost 5: A-EDGE crosses the pass mark', async ({ page }) => {
  await signIn(page);
  const candidate = JSON.parse(readFileSync(RUBRIC, 'utf8'));
  candidate.version = '2027.1';
  for (const item of candidate.sections.flatMap((s) => s.items)) if (item.id === 'interrupt') item.per = 5;
  await page.getByTestId('candidate-text').fill(JSON.stringify(candidate));
  await page.getByTestId('run-what-if').click();
  const result = page.getByTestId('what-if-result');
  await expect(result).toBeVisible({ timeout: 30_000 });
  const edge = result.getByTestId('shift-A-EDGE');
  await expect(edge).toContainText('65.00');
  await expect(edge).toContainText('59.00');
  await expect(edge.getByTestId('shift-notes')).toContainText('crosses the pass mark');
  const all = await stats('');
  await expect(result.getByTestId('what-if-summary')).toContainText(String(all.summary.reviews));
  await expect(page.getByTestId('what-if-dropped')).toContainText(': 0');
  expect(await seriousViolations(page)).toEqual([]);
});
