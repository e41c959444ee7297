// Embedding: the custom element, the JS API, an iframe on another origin, events,
// hostile host CSS, a strict CSP, two widgets on a page, and destroy leaving nothing.
// Against the real built bundle, served by the real receiver, plus a second origin.
import { test, expect } from '@playwright/test';
import { sampleAnswers, sampleRubric, InspectorPage } from './pages/inspector-page.mjs';
import { OTHER_ORIGIN, RECEIVER } from './playwright.config.mjs';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const quiz = sampleRubric('trainee-quiz-phrases');
const quizAnswers = { ...sampleAnswers('trainee-quiz-phrases', 'attempt'), q7: { value: 'true' } };

/** The events the CRM page has logged so far. */
const events = (page, name) =>
  page.evaluate((n) => (window.rubricEvents || []).filter((e) => e.name === n).map((e) => e.detail), name);

test('the custom element renders in a CRM side panel, scores, and tells the host', async ({ page }, testInfo) => {
  await page.goto('/hosts/crm.html');
  const widget = page.locator('rubric-widget');
  await expect(widget.getByTestId('total')).toHaveText('100.0');
  const [ready] = await events(page, 'ready');
  expect(ready.instance).toBe('qa');
  expect(ready.review_id).toMatch(UUID);
  expect(ready.rubric).toMatchObject({ id: 'cc-qc-standard', version: '2026.1', title: '呼叫中心通话质检评分表' });
  expect(ready.rubric.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
  await widget.getByTestId('opt-hold-fail').click();
  await expect(widget.getByTestId('total')).toHaveText('96.0');
  await expect.poll(async () => (await events(page, 'change')).at(-1)?.score.total).toBe(96);
  const change = (await events(page, 'change')).at(-1);
  expect(change).toMatchObject({ instance: 'qa', review_id: ready.review_id, complete: false });
  expect(change.missing).toContain('opening');
  // The widget was given the call's context.
  const review = await widget.evaluate((el) => el.getReview());
  expect(review.context).toEqual({ agent_id: '1024', call_id: 'C-88231', recording_url: `${RECEIVER}/hosts/call.wav` });
  // The header names it: the fields in the UI's language, the recording as a link.
  await expect(widget.getByTestId('context-agent_id')).toHaveText('座席 1024');
  await expect(widget.getByTestId('context-call_id')).toHaveText('通话 C-88231');
  await expect(widget.getByRole('link', { name: '录音', exact: true })).toHaveAttribute('href', `${RECEIVER}/hosts/call.wav`);
  await page.screenshot({ path: `target/e2e/screenshots/${testInfo.project.name}-crm.png` });
  // Only a web address becomes a link.
  await widget.evaluate((el) => { el.context = { call_id: 'C-88231', recording_url: 'javascript:alert(1)' }; });
  await expect(widget.getByTestId('context-recording_url')).toHaveText('录音 javascript:alert(1)');
  await expect(widget.locator('a[href^="javascript:"]')).toHaveCount(0);
  // The same call with a new context: the same review (its answer kept), about the new context.
  const same = await widget.evaluate((el) => el.getReview());
  expect(same.review_id).toBe(review.review_id);
  expect(same.context).toEqual({ call_id: 'C-88231', recording_url: 'javascript:alert(1)' });
  await expect(widget.getByTestId('total')).toHaveText('96.0');
});

test('submitting from the element: queued, then submitted with the server id', async ({ page }) => {
  await page.goto('/hosts/crm.html');
  const widget = page.locator('rubric-widget');
  await expect(widget.getByTestId('total')).toHaveText('100.0');
  // Incomplete: the host learns what is missing, nothing is sent.
  await page.getByRole('button', { name: 'Submit from the CRM' }).click();
  expect(await widget.evaluate((el) => el.submit())).toMatchObject({ ok: false });
  await new InspectorPage(page).answerAll(sampleRubric('cc-qc-standard').items, sampleAnswers('cc-qc-standard', 'typical'));
  expect(await widget.evaluate((el) => el.submit())).toEqual({ ok: true, missing: [] });
  await expect.poll(async () => (await events(page, 'submitted')).length).toBe(1);
  const [submitted] = await events(page, 'submitted');
  expect(submitted.response.server_id).toBe(submitted.review_id);
  expect((await events(page, 'queued'))[0]).toMatchObject({ review_id: submitted.review_id, attempts: 0 });
  expect((await fetch(`${RECEIVER}/api/reviews/${submitted.review_id}`)).status).toBe(200);
});

test('a new call id starts a new review and keeps the old draft', async ({ page }) => {
  await page.goto('/hosts/crm.html');
  const widget = page.locator('rubric-widget');
  await widget.getByTestId('opt-hold-fail').click();
  await expect(widget.getByTestId('total')).toHaveText('96.0');
  const first = (await events(page, 'ready'))[0].review_id;
  await page.getByRole('button', { name: 'Next call' }).click();
  await expect(widget.getByTestId('total')).toHaveText('100.0');
  await expect.poll(async () => (await events(page, 'ready')).length).toBe(2);
  const second = (await events(page, 'ready'))[1];
  expect(second.review_id).not.toBe(first);
  expect((await widget.evaluate((el) => el.getReview())).context.call_id).toBe('C-88232');
  // Back to the first call: its draft comes back.
  await widget.evaluate((el) => { el.context = { call_id: 'C-88231' }; });
  await expect(widget.getByTestId('total')).toHaveText('96.0');
  await expect(widget.getByTestId('draft-restored')).toBeVisible();
  // The new context replaced the old one: C-88232's agent and recording are not carried over.
  expect((await widget.evaluate((el) => el.getReview())).context).toEqual({ call_id: 'C-88231' });
});

test('a context the host sets while the rubric is still loading is the review\'s', async ({ page }) => {
  // The CRM learns which call it is while the widget is still fetching its rubric.
  let release;
  const rubricHeld = new Promise((resolve) => { release = resolve; });
  await page.route('**/rubrics/cc-qc-standard.json', async (route) => { await rubricHeld; await route.continue(); });
  await page.goto('/hosts/crm.html');
  const widget = page.locator('rubric-widget');
  await widget.evaluate(async (el) => {
    await el.loaded;
    el.context = { agent_id: '2048', call_id: 'C-90001' };
  });
  release();
  await expect(widget.getByTestId('total')).toHaveText('100.0');
  const review = await widget.evaluate((el) => el.getReview());
  // It replaces what the page set first: no key of that call lingers.
  expect(review.context).toEqual({ agent_id: '2048', call_id: 'C-90001' });
  const [ready] = await events(page, 'ready');
  expect(ready.review_id).toBe(review.review_id);
});

test('attribute changes take effect: rubric and language', async ({ page }) => {
  await page.goto('/hosts/crm.html');
  const widget = page.locator('rubric-widget');
  await expect(widget.getByRole('heading', { level: 1 })).toHaveText('呼叫中心通话质检评分表');
  await widget.evaluate((el) => el.setAttribute('lang', 'en'));
  await expect(widget.getByRole('heading', { level: 1 })).toHaveText('Call-center call QC scorecard');
  await widget.evaluate((el) => el.setAttribute('rubric', '/rubrics/support-qa-weighted.json'));
  await expect(widget.getByRole('heading', { level: 1 })).toHaveText('Support conversation QA');
});

test('hostile host CSS does not reach the widget', async ({ page }, testInfo) => {
  await page.goto('/hosts/hostile.html');
  const widget = page.locator('rubric-widget');
  const option = widget.getByTestId('opt-q1-b');
  await expect(option).toBeVisible();
  const style = await option.evaluate((el) => {
    const s = getComputedStyle(el);
    return { display: s.display, color: s.color, size: s.fontSize };
  });
  expect(style.display).not.toBe('none');
  expect(style.color).not.toBe('rgb(255, 0, 0)');
  expect(style.size).not.toBe('40px');
  await option.click();
  await widget.getByTestId('opt-q3-a').check();
  // 10 + 5 of the 20 points answered: 75.
  await expect(widget.getByTestId('total')).toHaveText('75');
  await page.screenshot({ path: `target/e2e/screenshots/${testInfo.project.name}-hostile.png`, fullPage: true });
});

test('under a strict CSP the widget works with no violation', async ({ page }) => {
  const refused = [];
  page.on('console', (m) => { if (/Content Security Policy|Refused to/.test(m.text())) refused.push(m.text()); });
  await page.goto('/hosts/csp.html');
  const widget = page.locator('#widget');
  await expect(widget.getByTestId('total')).toHaveText('100.0');
  await widget.getByTestId('opt-privacy-fail').click();
  await expect(widget.getByTestId('total')).toHaveText('0.0');
  await expect(widget.getByTestId('critical-privacy')).toBeVisible();
  expect(await page.evaluate(() => window.violations)).toEqual([]);
  expect(refused).toEqual([]);
});

test('two widgets on one page work independently', async ({ page }) => {
  await page.goto('/hosts/two.html');
  const left = page.locator('#left');
  const right = page.locator('#right');
  await expect(left.getByTestId('total')).toHaveText('Nothing to score yet');
  await expect(right.getByTestId('total')).toHaveText('Nothing to score yet');
  await left.getByTestId('opt-resolved-yes').click();
  await expect(left.getByTestId('total')).toHaveText('100.00');
  await right.getByTestId('opt-resolved-no').click();
  await expect(right.getByTestId('total')).toHaveText('0.00');
  await expect(left.getByTestId('total')).toHaveText('100.00');
  const ids = await page.evaluate(() => [window.left.getReview(), window.right.getReview()].map((r) => [r.review_id, r.context.call_id]));
  expect(ids[0][1]).toBe('C-1001');
  expect(ids[1][1]).toBe('C-1002');
  expect(ids[0][0]).not.toBe(ids[1][0]);
  const instances = await page.evaluate(() => [...new Set(window.events.filter((e) => e.name === 'change').map((e) => e.instance))].sort());
  expect(instances).toEqual(['left', 'right']);
  // Alt+N in one widget stays in that widget.
  await left.getByTestId('opt-resolved-yes').focus();
  await page.keyboard.press('Alt+KeyN');
  expect(await left.evaluate((el) => el.firstElementChild.shadowRoot.activeElement?.closest('[data-item]')?.dataset.item)).toBe('correct_info');
});

test('mount() takes lang as the element does; an unknown setting is named in the error event', async ({ page }) => {
  await page.goto('/hosts/two.html');
  // two.js mounts with `lang: 'en'`: the English texts prove it was taken.
  await expect(page.locator('#left').getByTestId('total')).toHaveText('Nothing to score yet');
  const detail = await page.evaluate(async () => {
    const { mount } = await import('/widget/0.1.0/rubric-widget.js');
    const div = document.createElement('div');
    document.body.append(div);
    return new Promise((resolve) => {
      mount(div, { rubric: '/rubrics/support-qa-weighted.json', loacle: 'en' }).on('error', resolve);
    });
  });
  expect(detail).toMatchObject({ kind: 'config', message: 'config.loacle: unknown setting; did you mean lang?' });
  expect(detail.problems).toEqual([detail.message]);
});

test('the bundle, the rubric and the endpoint on another origin (CORS)', async ({ page }) => {
  await page.goto(`${OTHER_ORIGIN}/hosts/remote.html?widget=${encodeURIComponent(RECEIVER)}`);
  const widget = page.locator('#widget');
  await expect(widget.getByTestId('total')).toHaveText('Nothing to score yet');
  await new InspectorPage(page).answerAll(quiz.items, quizAnswers);
  await expect(widget.getByTestId('total')).toHaveText('85');
  expect(await page.evaluate(() => window.widget.submit())).toEqual({ ok: true, missing: [] });
  await expect.poll(() => page.evaluate(() => window.received.filter((e) => e.name === 'submitted').length)).toBe(1);
});

test('in an iframe on another origin: events by postMessage, commands from the parent only', async ({ page }, testInfo) => {
  const warnings = [];
  page.on('console', (m) => { if (m.text().includes('rubric-widget: ignored')) warnings.push(m.text()); });
  await page.goto(`${OTHER_ORIGIN}/hosts/iframe.html?widget=${encodeURIComponent(RECEIVER)}`);
  const frame = page.frameLocator('#frame');
  await expect(frame.getByTestId('total')).toHaveText('100.0');
  await expect.poll(() => page.evaluate(() => window.received.map((m) => m.type))).toContain('ready');
  const ready = await page.evaluate(() => window.received.find((m) => m.type === 'ready'));
  expect(ready).toMatchObject({ source: 'rubric-widget', instance: 'frame-1', type: 'ready' });
  await frame.getByTestId('opt-hold-fail').click();
  await expect.poll(() => page.evaluate(() => window.received.filter((m) => m.type === 'change').at(-1)?.detail.score.total)).toBe(96);
  // A command from the parent: a new call.
  await page.getByRole('button', { name: 'Next call' }).click();
  await expect(frame.getByTestId('total')).toHaveText('100.0');
  await page.screenshot({ path: `target/e2e/screenshots/${testInfo.project.name}-iframe.png` });
  // A frame whose parent_origin is another origin obeys nobody here: the host's
  // messages are ignored, with a warning on the console.
  await page.goto(`${OTHER_ORIGIN}/hosts/iframe.html?widget=${encodeURIComponent(RECEIVER)}`);
  await page.evaluate(() => {
    const frame = document.getElementById('frame');
    const url = new URL(frame.src);
    url.searchParams.set('parent_origin', 'http://127.0.0.1:9');
    frame.src = url.href;
  });
  const stranger = page.frameLocator('#frame');
  // The same call's draft is restored...
  await expect(stranger.getByTestId('total')).toHaveText('96.0');
  // ...and a reset from a page that is not its parent origin is ignored.
  await page.getByRole('button', { name: 'Reset' }).click();
  await expect.poll(() => warnings.length).toBeGreaterThan(0);
  expect(warnings[0]).toContain(`ignored a message from ${OTHER_ORIGIN}`);
  await expect(stranger.getByTestId('total')).toHaveText('96.0');
});
