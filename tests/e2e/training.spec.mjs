// Training and calibration, end to end against the real receiver: a trainee takes the
// sample quiz, gets one question wrong, learns why and retakes it; an inspector scores
// the typical call in calibration mode against the expert's review stored in the
// receiver and sees exactly where the two differ. Both reviews land in SQLite with
// their extra fields.
import { test, expect } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { InspectorPage, sampleAnswers, sampleRubric } from './pages/inspector-page.mjs';
import { seriousViolations } from './axe.mjs';
import { RECEIVER } from './playwright.config.mjs';

const quiz = sampleRubric('trainee-quiz-phrases');
const cc = sampleRubric('cc-qc-standard');
const typical = sampleAnswers('cc-qc-standard', 'typical');
const expert = JSON.parse(
  readFileSync(new URL('../fixtures/calibration/cc-qc-standard.expert.review.json', import.meta.url), 'utf8'),
);

// Every question right but q4 ("you may ask the caller to speak up": true).
const attempt = {
  q1: { value: 'b' }, q2: { value: 'b' }, q3: { value: ['a', 'b'] }, q4: { value: 'false' },
  q5: { value: 'b' }, q6: { value: 'a' }, q7: { value: 'true' },
};

/** The stored document of a review, once the receiver has it. */
async function stored(id) {
  let response;
  await expect(async () => {
    response = await fetch(`${RECEIVER}/api/reviews/${id}`);
    expect(response.status).toBe(200);
  }).toPass({ timeout: 15_000 });
  return response.json();
}

test('a trainee takes the sample quiz, fails one question, reads why and retakes it', async ({ page }, testInfo) => {
  const call = `T-quiz-${testInfo.project.name}`;
  // From the start page's training link: seven minutes, options shuffled.
  await page.goto('/index.html?lang=en');
  await page.getByTestId('workflow-quiz').click();
  const form = new InspectorPage(page);
  await expect(page.getByTestId('quiz-panel')).toBeVisible();
  await expect(page.getByTestId('countdown')).toHaveText(/^Time left (7:00|6:5\d)$/);
  // The same attempt, now for a call of this test's own (a new page, a new attempt).
  await form.open({ rubric: 'rubrics/trainee-quiz-phrases.json', lang: 'en', context: { call_id: call, mode: 'quiz', shuffle: 'true' } });
  await expect(page.getByTestId('quiz-progress')).toHaveText('0 of 7 answered');
  await expect(page.getByTestId('total')).toHaveCount(0);
  await expect(form.option('q1', 'b')).toHaveText('"Hello, how may I help you?"');
  await form.answerAll(quiz.items, attempt);
  await expect(page.getByTestId('quiz-progress')).toHaveText('7 of 7 answered');
  await form.screenshot('quiz-answered', testInfo);
  expect(await seriousViolations(page)).toEqual([]);
  const first = await form.reviewId();
  await page.getByTestId('submit').click();

  // The results: 90, passed, q4 wrong with the correct answer and the explanation.
  const results = page.getByTestId('quiz-results');
  await expect(results.getByRole('heading', { name: 'Results' })).toBeFocused();
  await expect(page.getByTestId('quiz-total')).toHaveText('90');
  await expect(page.getByTestId('verdict')).toHaveText('Passed');
  await expect(page.getByTestId('right-count')).toHaveText('6 of 7 right');
  await expect(page.locator('[data-right=false]')).toHaveCount(1);
  await expect(page.getByTestId('result-q4')).toHaveAttribute('data-right', 'false');
  await expect(page.getByTestId('your-answer-q4')).toHaveText('False');
  await expect(page.getByTestId('correct-answer-q4')).toHaveText('True');
  await expect(page.getByTestId('explain-q4')).toContainText('True: it is one of the standard phrases.');
  await expect(page.getByTestId('submission')).toContainText('Stored');
  await form.screenshot('quiz-results', testInfo);
  expect(await seriousViolations(page)).toEqual([]);

  // The attempt reached the receiver as a quiz, with its time.
  const review = await stored(first);
  expect(review.mode).toBe('quiz');
  expect(review.score.total).toBe(90);
  expect(review.quiz).toMatchObject({ timed_out: false, shuffled: true });
  expect(review.quiz.time_taken_s).toBeGreaterThanOrEqual(0);

  // Retake: a fresh attempt, a new review id.
  await page.getByTestId('retake').click();
  await expect(page.getByTestId('quiz-progress')).toHaveText('0 of 7 answered');
  expect(await form.reviewId()).not.toBe(first);
});

test('the quiz with the keyboard only, finished early with a confirmation', async ({ page }, testInfo) => {
  test.skip(testInfo.project.name !== 'wide', 'the keyboard path does not depend on the screen size');
  const form = new InspectorPage(page);
  await form.open({ rubric: 'rubrics/trainee-quiz-phrases.json', lang: 'zh-CN', context: { call_id: 'T-keys', mode: 'quiz' } });
  await page.keyboard.press('Tab');
  for (const id of ['q1', 'q2', 'q3']) {
    expect(await form.nextUnanswered()).toBe(id);
    await form.answerByKeyboard(quiz.items.get(id), attempt[id]);
  }
  await expect(page.getByTestId('quiz-progress')).toHaveText('已答 3 / 7 题');
  await page.getByTestId('submit').focus();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('confirm-finish')).toContainText('还有 4 题未作答');
  await page.getByTestId('finish-anyway').focus();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('right-count')).toHaveText('答对 3 / 7 题');
  await expect(page.getByTestId('your-answer-q7')).toHaveText('未作答');
});

test('an inspector calibrates the typical call against the expert and sees the two differences', async ({ page }, testInfo) => {
  // The expert's review is in the receiver (both screen sizes post it: the second is a replay).
  await expect(async () => {
    const r = await fetch(`${RECEIVER}/api/reviews`, {
      method: 'POST', body: JSON.stringify(expert),
      headers: { 'Content-Type': 'application/json', 'Idempotency-Key': expert.review_id },
    });
    expect(r.status).toBe(201);
  }).toPass({ timeout: 10_000 });

  const form = new InspectorPage(page);
  const call = `C-calibrate-${testInfo.project.name}`;
  await form.open({
    lang: 'en',
    context: { call_id: call, agent_id: '1024', mode: 'calibrate', reference: `/api/reviews/${expert.review_id}` },
  });
  await form.answerAll(cc.items, typical);
  await expect(form.total).toHaveText('68.0');
  // Blind: nothing of the expert's review is on screen before the submit.
  await expect(page.getByText('结束语完整, 不应扣分')).toHaveCount(0);
  await expect(page.getByTestId('calibration')).toHaveCount(0);
  const id = await form.reviewId();
  await page.getByTestId('submit').click();

  const view = page.getByTestId('calibration');
  await expect(view.getByRole('heading', { name: 'Calibration' })).toBeFocused();
  await expect(page.getByTestId('calibration-verdict')).toHaveAttribute('data-calibrated', 'false');
  await expect(page.getByTestId('calibration-verdict')).toContainText('Not calibrated');
  await expect(page.getByTestId('calibration-reasons')).toHaveText('The totals differ by −6, more than the 5 allowed');
  await expect(page.getByTestId('cal-delta')).toHaveText('−6');
  await expect(page.getByTestId('cal-agreement')).toHaveText('89.5% (17 of 19 items)');
  // Exactly the two items the expert judged differently are flagged.
  const flagged = await page.locator('.cal-item[data-agree=false]').evaluateAll((els) => els.map((e) => e.dataset.testid));
  expect(flagged).toEqual(['cal-closing', 'cal-interrupt']);
  await expect(page.getByTestId('cal-mine-interrupt')).toContainText('2 ×');
  await expect(page.getByTestId('cal-expert-interrupt')).toContainText('1 ×');
  await expect(page.getByTestId('cal-delta-closing')).toHaveText('−4');
  await expect(page.getByTestId('cal-expert-closing')).toContainText('结束语完整, 不应扣分');
  await expect(page.getByTestId('cal-mine-hold')).toContainText('03:12 让客户等待约20秒未致歉');
  await expect(page.getByTestId('submission')).toContainText('Stored');
  await form.screenshot('calibration', testInfo);
  expect(await seriousViolations(page)).toEqual([]);

  // The receiver re-computed the comparison with the stored expert review and agreed.
  const review = await stored(id);
  expect(review.mode).toBe('calibrate');
  expect(review.calibration).toEqual({
    reference_review_id: expert.review_id, total_delta: -6, agreement: 0.8947, calibrated: false,
    disagreements: ['closing', 'interrupt'], tolerance: 5,
  });

  await page.getByTestId('only-differences').check();
  await expect(page.locator('.cal-item')).toHaveCount(2);
});

test('calibration without a usable reference says so', async ({ page }) => {
  const missing = '/api/reviews/00000000-0000-4000-8000-000000000000';
  await page.goto(`/index.html?rubric=rubrics/cc-qc-standard.json&lang=en&mode=calibrate&reference=${missing}`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Could not load');
  await expect(page.locator('.problems li')).toContainText(`${missing}: HTTP 404`);
  // The expert's review of another rubric is no reference for this one.
  await page.goto('/index.html?rubric=rubrics/support-qa-weighted.json&lang=en&mode=calibrate&reference=calibration/cc-qc-standard.expert.review.json');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText("The expert's reference review cannot be used:");
  await expect(page.locator('.problems li')).toContainText('rubric: expected support-qa@3, found cc-qc-standard@2026.1');
});
