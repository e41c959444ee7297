// The inspector's form, used as an inspector would: by mouse, by keyboard only,
// across a reload, and with the score panel explaining every point.
import { test, expect } from '@playwright/test';
import { InspectorPage, sampleAnswers, sampleRubric } from './pages/inspector-page.mjs';
import { seriousViolations } from './axe.mjs';

const cc = sampleRubric('cc-qc-standard');
const typical = sampleAnswers('cc-qc-standard', 'typical');

test('score the typical call by clicking through it: 68.0, 合格', async ({ page }, testInfo) => {
  const form = new InspectorPage(page);
  await form.open({ context: { call_id: 'C-88231', agent_id: '1024' } });
  await expect(form.total).toHaveText('100.0');
  await form.answerAll(cc.items, typical);
  await expect(form.total).toHaveText('68.0');
  await expect(form.grade).toHaveText('合格');
  await expect(form.verdict).toHaveText('合格');
  await form.showDetails();
  await expect(form.progress).toHaveText('必评项已评 19 / 19');
  await expect(page.getByTestId('section-norms')).toContainText('22.0 / 30.0');
  await expect(page.getByTestId('section-craft')).toContainText('5.0 / 10.0');
  await expect(page.getByTestId('earned-interrupt')).toHaveText('6 / 10 分');
  await expect(page.getByTestId('missing')).toHaveCount(0);
  await form.screenshot('typical-scored', testInfo);
  expect(await seriousViolations(page)).toEqual([]);
});

test('each item and its control are named by the title alone; "required" is said apart', async ({ page }) => {
  const form = new InspectorPage(page);
  await form.open({ context: { call_id: 'C-names' } });
  const exact = (name) => ({ name, exact: true });
  await expect(page.getByRole('article', exact('开头语规范'))).toBeVisible();
  await expect(page.getByRole('radiogroup', exact('开头语规范'))).toHaveAttribute('aria-required', 'true');
  // The guide's button has a name of its own; it is not part of the item's.
  await expect(page.getByRole('button', exact('「开头语规范」的评分说明'))).toBeVisible();
  const steps = page.getByRole('group', exact('流程操作'));
  await expect(steps).toHaveAccessibleDescription('必评');
  await expect(page.getByRole('spinbutton', exact('抢话/打断客户 (每次扣2分)'))).toHaveAttribute('aria-required', 'true');
  await expect(page.getByRole('textbox', exact('质检评语'))).not.toHaveAttribute('aria-required', 'true');
});

test('score the typical call with the keyboard only', async ({ page }) => {
  const form = new InspectorPage(page);
  await form.open({ context: { call_id: 'C-keyboard' } });
  // Tab into the widget, then Alt+N from item to item.
  await page.keyboard.press('Tab');
  const visited = [];
  for (let step = 0; step < 40; step++) {
    const id = await form.nextUnanswered();
    if (!id || visited.includes(id)) break;
    visited.push(id);
    await form.answerByKeyboard(cc.items.get(id), typical[id]);
  }
  // Every required item was reached by Alt+N, in order, including "upsell", which
  // only appears once the call type is chosen.
  expect(visited).toEqual(Object.keys(typical).filter((id) => id !== 'notes'));
  await expect(form.total).toHaveText('68.0');
  await expect(form.grade).toHaveText('合格');
  await expect(page.getByTestId('submit')).toHaveText('提交质检记录');
});

test('reload in the middle of a review: the draft comes back', async ({ page }, testInfo) => {
  const form = new InspectorPage(page);
  await form.open({ context: { call_id: 'C-reload' } });
  // The typical answers include a comment on "hold".
  for (const id of ['opening', 'hold', 'interrupt', 'process']) await form.answer(cc.items.get(id), typical[id]);
  await expect(form.total).toHaveText('90.0');
  await expect(page.getByTestId('saved')).toBeVisible();
  await page.reload();
  await expect(form.restoredNote).toContainText('已恢复');
  await expect(form.total).toHaveText('90.0');
  await expect(form.option('opening', 'ok')).toHaveAttribute('aria-checked', 'true');
  await expect(page.getByTestId('count-interrupt')).toHaveValue('2');
  await expect(page.getByTestId('comment-hold')).toHaveValue('03:12 让客户等待约20秒未致歉');
  await form.screenshot('draft-restored', testInfo);

  // Another call is another review, with its own draft.
  await form.open({ context: { call_id: 'C-other' } });
  await expect(form.restoredNote).toHaveCount(0);
  await expect(form.total).toHaveText('100.0');

  // Start over clears the draft for good.
  await form.open({ context: { call_id: 'C-reload' } });
  await page.getByTestId('start-over').click();
  await page.getByTestId('confirm-start-over').click();
  await expect(form.total).toHaveText('100.0');
  await page.reload();
  await expect(form.restoredNote).toHaveCount(0);
  await expect(form.option('opening', 'ok')).toHaveAttribute('aria-checked', 'false');
});

test('a draft for another rubric version is offered, never applied silently', async ({ page }) => {
  const form = new InspectorPage(page);
  await form.open({ context: { call_id: 'C-version' } });
  await form.answer(cc.items.get('hold'), { value: 'fail' });
  await expect(form.total).toHaveText('96.0');
  await page.getByTestId('saved').waitFor();
  await form.open({ rubric: '/fixtures/cc-qc-standard-2026.2.json', context: { call_id: 'C-version' } });
  const note = page.getByTestId('draft-other-version');
  await expect(note).toContainText('2026.1');
  await expect(form.total).toHaveText('100.0');
  await page.getByTestId('draft-apply').click();
  await expect(form.total).toHaveText('96.0');
  await expect(form.option('hold', 'fail')).toHaveAttribute('aria-checked', 'true');
});

test('show_if: upsell appears for inquiries and orders only', async ({ page }) => {
  const form = new InspectorPage(page);
  await form.open();
  await expect(form.item('upsell')).toHaveCount(0);
  await form.option('call_type', 'inquiry').click();
  await expect(form.item('upsell')).toBeVisible();
  await form.option('upsell', 'none').click();
  await expect(form.total).toHaveText('95.0');
  await form.option('call_type', 'complaint').click();
  await expect(form.item('upsell')).toHaveCount(0);
  await expect(form.total).toHaveText('100.0', { timeout: 2000 });
  await form.option('call_type', 'order').click();
  await expect(form.option('upsell', 'none')).toHaveAttribute('aria-checked', 'true');
});

test('a fatal error raises a red banner that names the item', async ({ page }, testInfo) => {
  const form = new InspectorPage(page);
  await form.open();
  await form.option('privacy', 'fail').click();
  await expect(form.total).toHaveText('0.0');
  await expect(form.verdict).toHaveText('不合格');
  await expect(form.grade).toHaveText('不合格');
  await expect(page.getByTestId('critical-privacy')).toHaveText('致命项「未泄露客户信息」: 整个质检判为不合格, 总分为 0');
  await expect(form.item('privacy')).toHaveClass(/fired/);
  await form.screenshot('fatal', testInfo);
  expect(await seriousViolations(page)).toEqual([]);
});

test('a section-level critical zeroes its section and says so', async ({ page }) => {
  const form = new InspectorPage(page);
  await form.open({ rubric: 'rubrics/support-qa-weighted.json', lang: 'en' });
  await form.option('correct_info', 'wrong').click();
  await expect(page.getByTestId('critical-correct_info')).toHaveText('“Information was correct” zeroes the section “Solution”');
  await form.showDetails();
  await expect(page.getByTestId('section-solution')).toContainText('0.00 / 100.00');
});

test('without an endpoint, submit says what is missing, then offers the review document', async ({ page }, testInfo) => {
  const form = new InspectorPage(page);
  await form.open({ config: '/fixtures/download-only.json', context: { call_id: 'C-submit', agent_id: '1024' } });
  await expect(form.submit).toHaveText('还有 18 项必评项未评分');
  await form.submit.click();
  await expect(page.getByTestId('opt-opening-ok')).toBeFocused();
  await page.getByTestId('missing-hold').click();
  await expect(page.getByTestId('opt-hold-pass')).toBeFocused();

  await form.answerAll(cc.items, typical);
  await expect(form.submit).toHaveText('提交质检记录');
  await page.getByTestId('overall-comment').fill('整体较好, 注意等待致歉和结束语。');
  await form.submit.click();
  const dialog = page.getByTestId('review-dialog');
  await expect(dialog).toBeVisible();
  await form.screenshot('review-ready', testInfo);
  const download = page.waitForEvent('download');
  await page.getByTestId('download').click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/^review-[0-9a-f-]{36}\.json$/);
  const review = JSON.parse(await (await file.createReadStream()).toArray().then((c) => Buffer.concat(c).toString()));
  expect(review.format).toBe('review/v1');
  expect(review.review_id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  expect(review.rubric).toMatchObject({ id: 'cc-qc-standard', version: '2026.1' });
  expect(review.rubric.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
  expect(review.context).toEqual({ agent_id: '1024', call_id: 'C-submit' });
  expect(review.answers.interrupt).toEqual({ value: 2, comment: '01:05, 04:40' });
  expect(review.answers.tone.tags).toEqual(['impatient']);
  expect(review.comment).toBe('整体较好, 注意等待致歉和结束语。');
  expect(review.score).toMatchObject({ total: 68, grade: '合格', passed: true, complete: true });
  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
});

test('why this score lists every item from the trace', async ({ page }) => {
  const form = new InspectorPage(page);
  await form.open({ lang: 'en' });
  await form.answerAll(cc.items, typical);
  await form.showDetails();
  await page.getByTestId('why-toggle').click();
  const why = page.getByTestId('why');
  await expect(why.locator('tr[data-testid^="why-"]')).toHaveCount(21);
  await expect(page.getByTestId('why-hold')).toContainText('scored');
  await expect(page.getByTestId('why-hold')).toContainText('0 / 4');
  await expect(page.getByTestId('why-silent_customer')).toContainText('N/A');
  await expect(page.getByTestId('why-praise')).toContainText('unanswered');
});

test('the scoring guide opens with a click or the G key', async ({ page }) => {
  const form = new InspectorPage(page);
  await form.open();
  const guide = form.item('opening').locator('.guide');
  await expect(guide).toHaveCount(0);
  await page.getByTestId('guide-toggle-opening').click();
  await expect(guide).toHaveText('接通电话时应说: “您好, ××(工号)为您服务!”');
  await form.option('opening', 'ok').focus();
  await page.keyboard.press('g');
  await expect(guide).toHaveCount(0);
});

test('a number that does not fit is kept and explained, not scored', async ({ page }) => {
  const form = new InspectorPage(page);
  await form.open({ context: { call_id: 'C-number' } });
  const box = page.getByTestId('number-silence');
  await box.fill('abc');
  await expect(form.item('silence').locator('.problem')).toHaveText('请输入数字');
  await box.fill('-5');
  await expect(form.item('silence').locator('.problem')).toHaveText('不能小于 0');
  await expect(form.item('silence')).toHaveAttribute('data-status', 'missing');
  await page.reload();
  await expect(box).toHaveValue('-5');
  await box.fill('25');
  await expect(form.item('silence').locator('.problem')).toHaveCount(0);
  await expect(form.total).toHaveText('98.0');
});

test('root-cause tags appear once an item loses points', async ({ page }) => {
  const form = new InspectorPage(page);
  await form.open();
  await form.option('tone', 'a').click();
  await expect(page.getByTestId('tag-tone-cold')).toHaveCount(0);
  await form.option('tone', 'c').click();
  await page.getByTestId('tag-tone-cold').click();
  await expect(page.getByTestId('tag-tone-cold')).toHaveAttribute('aria-pressed', 'true');
});

test('the English UI, with rubric texts in English', async ({ page }, testInfo) => {
  const form = new InspectorPage(page);
  await form.open({ lang: 'en' });
  await expect(form.heading).toHaveText('Call-center call QC scorecard');
  await form.answerAll(cc.items, typical);
  await expect(form.grade).toHaveText('Pass');
  await expect(form.verdict).toHaveText('Passed');
  await form.screenshot('typical-en', testInfo);
});
