// The minimal app: it loads a rubric, scores example answers with the core, and
// shows the result — or every problem with its path.
import { test, expect } from '@playwright/test';
import { ScorePage } from './pages/score-page.mjs';

test('shows the sample rubric and its example score in Chinese', async ({ page }, testInfo) => {
  const app = new ScorePage(page);
  await app.open('?lang=zh-CN');
  await expect(app.heading).toHaveText('呼叫中心通话质检评分表');
  await expect(app.total).toHaveText('68.0');
  await expect(app.grade).toHaveText('合格');
  await expect(page.getByText('合格', { exact: true }).last()).toBeVisible();
  await app.screenshot('sample-zh', testInfo);
});

test('speaks English when asked', async ({ page }, testInfo) => {
  const app = new ScorePage(page);
  await app.open('?lang=en');
  await expect(app.heading).toHaveText('Call-center call QC scorecard');
  await expect(page.getByText('Passed', { exact: true })).toBeVisible();
  await app.screenshot('sample-en', testInfo);
});

test('a fatal error fails the whole review with a banner', async ({ page }, testInfo) => {
  const app = new ScorePage(page);
  await app.open('?lang=en&answers=rubrics/examples/cc-qc-standard.fatal.answers.json');
  await expect(app.total).toHaveText('0.0');
  await expect(app.fatalBanner).toBeVisible();
  await expect(app.grade).toHaveText('Fail');
  await app.screenshot('fatal', testInfo);
});

test('an invalid rubric lists every problem with its path', async ({ page }, testInfo) => {
  const app = new ScorePage(page);
  await app.open('?lang=en&rubric=/fixtures/broken-rubric.json');
  await expect(app.heading).toHaveText('The rubric has problems and was not loaded:');
  await expect(app.problems).toHaveText([
    'id: expected an id matching [A-Za-z0-9_.-]{1,64}, found "broken sample"',
    'sections[0].items[0].options: expected a non-empty array of options, found []',
    'sections: expected section weights adding up to scoring.max (100), found a total of 90',
  ]);
  await app.screenshot('invalid-rubric', testInfo);
});

test('a rubric that cannot be fetched names its URL', async ({ page }) => {
  const app = new ScorePage(page);
  await app.open('?lang=en&rubric=/fixtures/nope.json');
  await expect(app.heading).toHaveText('Could not load');
  await expect(app.problems).toHaveText(['/fixtures/nope.json: HTTP 404 Not Found']);
});
