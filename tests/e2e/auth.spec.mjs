// A receiver that requires authentication, and hosts that hand the widget a
// short-lived JWT: the custom element (the CRM call screen) and the iframe (by
// message). The receiver is a second real one, started here, per worker.
import { spawn } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { test, expect } from '@playwright/test';
import { sampleAnswers, sampleRubric, InspectorPage } from './pages/inspector-page.mjs';
import { OTHER_ORIGIN } from './playwright.config.mjs';

const SECRET = 'the CRM and the receiver share this secret';

function jwt(claims) {
  const part = (o) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const head = `${part({ alg: 'HS256', typ: 'JWT' })}.${part(claims)}`;
  return `${head}.${createHmac('sha256', SECRET).update(head).digest('base64url')}`;
}

const token = (sub, role) => jwt({ sub, role, aud: 'rubric-receiver', exp: Math.floor(Date.now() / 1000) + 300 });

let receiver;
let base;

test.beforeAll(async ({}, testInfo) => {
  const port = 4830 + testInfo.workerIndex;
  base = `http://127.0.0.1:${port}`;
  const dir = `target/e2e/auth-${testInfo.workerIndex}`;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  writeFileSync(`${dir}/secret`, SECRET);
  receiver = spawn('target/debug/rubric-receiver', [
    '--addr', `127.0.0.1:${port}`, '--db', `${dir}/reviews.sqlite`, '--rubrics', 'tests/fixtures/rubrics',
    '--serve', '/=dist', '--serve', '/hosts=tests/e2e/hosts', '--jwt-secret-file', `${dir}/secret`,
  ], { stdio: 'ignore' });
  for (let i = 0; i < 200; i += 1) {
    if (await fetch(`${base}/api/health`).then((r) => r.ok, () => false)) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('the secured receiver did not start');
});

test.afterAll(() => receiver?.kill('SIGTERM'));

const events = (page, name) => page.evaluate((n) => (window.rubricEvents || []).filter((e) => e.name === n).map((e) => e.detail), name);

async function stored(id) {
  const response = await fetch(`${base}/api/reviews?count=true`, { headers: { Authorization: `Bearer ${token('lead', 'supervisor')}` } });
  const page = await response.json();
  return page.reviews.find((r) => r.review_id === id);
}

test('the element sends the host\'s token; without one the review waits as "not authorised"', async ({ page }) => {
  await page.goto(`${base}/hosts/crm.html?token=${token('qc-07', 'inspector')}&reviewer=qc-07`);
  const widget = page.locator('rubric-widget');
  await expect(widget.getByTestId('total')).toHaveText('100.0');
  await new InspectorPage(page).answerAll(sampleRubric('cc-qc-standard').items, sampleAnswers('cc-qc-standard', 'typical'));
  expect(await widget.evaluate((el) => el.submit())).toEqual({ ok: true, missing: [] });
  await expect.poll(async () => (await events(page, 'submitted')).length).toBe(1);
  const [submitted] = await events(page, 'submitted');
  expect(await stored(submitted.review_id)).toMatchObject({ reviewer_id: 'qc-07', received_by: 'qc-07', total: 68 });

  // No token: the receiver answers 401 and the widget holds the review for a retry.
  await page.goto(`${base}/hosts/crm.html`);
  await expect(widget.getByTestId('total')).toHaveText('100.0');
  await widget.evaluate((el) => { el.context = { agent_id: '1024', call_id: 'C-anonymous' }; });
  await new InspectorPage(page).answerAll(sampleRubric('cc-qc-standard').items, sampleAnswers('cc-qc-standard', 'typical'));
  await widget.evaluate((el) => el.submit());
  await expect.poll(async () => (await events(page, 'rejected')).length).toBe(1);
  expect((await events(page, 'rejected'))[0]).toMatchObject({ status: 401, auth: true });
});

test('an iframe host sends the token by message, never in the URL', async ({ page }) => {
  const jwtText = token('qc-08', 'inspector');
  await page.goto(`${OTHER_ORIGIN}/hosts/iframe.html?widget=${encodeURIComponent(base)}&token=${jwtText}&reviewer=qc-08`);
  const frame = page.frameLocator('#frame');
  await expect.poll(() => page.evaluate(() => window.received.filter((m) => m.type === 'ready').length)).toBe(2);
  expect(await page.locator('#frame').getAttribute('src')).not.toContain(jwtText);
  await expect(frame.getByTestId('total')).toHaveText('100.0');
  await new InspectorPage(frame).answerAll(sampleRubric('cc-qc-standard').items, sampleAnswers('cc-qc-standard', 'typical'));
  await page.getByRole('button', { name: 'Submit' }).click();
  await expect.poll(() => page.evaluate(() => window.received.filter((m) => m.type === 'submitted').length)).toBe(1);
  const submitted = await page.evaluate(() => window.received.find((m) => m.type === 'submitted'));
  expect(await stored(submitted.detail.review_id)).toMatchObject({ reviewer_id: 'qc-08', received_by: 'qc-08' });
});
