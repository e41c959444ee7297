// Opening the widget: the start page offers the samples and one's own rubric; a
// rubric that cannot be used shows every problem with its path.
import { test, expect } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { seriousViolations } from './axe.mjs';

test('the start page offers the sample rubrics and the training workflows', async ({ page }, testInfo) => {
  // A host's console stays clean: no warning or error from loading the widget.
  const noise = [];
  page.on('console', (m) => { if (['warning', 'error'].includes(m.type())) noise.push(m.text()); });
  page.on('pageerror', (e) => noise.push(e.message));
  await page.goto('/index.html?lang=zh-CN');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('选择评分表');
  const samples = page.locator('a[data-testid^=sample-]');
  await expect(samples).toHaveCount(3);
  await expect(samples.first()).toContainText('呼叫中心通话质检评分表');
  await expect(samples.first()).toContainText('扣分制 · 21 项');
  // The training workflows: the quiz as a trainee takes it, a calibration.
  await expect(page.getByTestId('workflow-quiz')).toContainText('座席自测');
  await expect(page.getByTestId('workflow-calibrate')).toContainText('质检校准');
  expect(await seriousViolations(page)).toEqual([]);
  await page.screenshot({ path: `target/e2e/screenshots/${testInfo.project.name}-start.png`, fullPage: true });
  await samples.nth(1).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('客服会话质检');
  expect(noise).toEqual([]);
});

test('a pasted rubric opens, and survives a reload', async ({ page }) => {
  await page.goto('/index.html?lang=en');
  const text = readFileSync(new URL('../fixtures/rubrics/trainee-quiz-phrases.json', import.meta.url), 'utf8');
  await page.getByTestId('paste-rubric').fill(text);
  await page.getByTestId('open-pasted').click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Agent standard phrases self-test');
  await page.reload();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Agent standard phrases self-test');
});

test('a pasted rubric with mistakes lists them all', async ({ page }) => {
  await page.goto('/index.html?lang=en');
  await page.getByTestId('paste-rubric').fill('{"format": "rubric/v1",\n "id": }');
  await page.getByTestId('open-pasted').click();
  await expect(page.getByRole('alert').locator('li')).toHaveText([
    'line 2, column 8: malformed JSON: expected value',
  ]);
  // Nothing typed is lost: back on the start page, the text is there to correct.
  await page.getByRole('link', { name: 'Back to the rubrics' }).click();
  await expect(page.getByTestId('paste-rubric')).toHaveValue('{"format": "rubric/v1",\n "id": }');
  await page.reload();
  await expect(page.getByTestId('paste-rubric')).toHaveValue('{"format": "rubric/v1",\n "id": }');
});

test('where sessionStorage is blocked, a pasted rubric still opens and nothing typed is lost', async ({ page }) => {
  // As in a third-party frame with storage blocked: touching sessionStorage throws.
  await page.addInitScript(() => {
    Object.defineProperty(window, 'sessionStorage', {
      get() { throw new DOMException('The operation is insecure.', 'SecurityError'); },
    });
  });
  await page.goto('/index.html?lang=en');
  await page.getByTestId('paste-rubric').fill('{"format": "rubric/v1",\n "id": }');
  await page.getByTestId('open-pasted').click();
  await expect(page.getByRole('alert').locator('li')).toHaveText(['line 2, column 8: malformed JSON: expected value']);
  await page.getByRole('link', { name: 'Back to the rubrics' }).click();
  await expect(page.getByTestId('paste-rubric')).toHaveValue('{"format": "rubric/v1",\n "id": }');
  const text = readFileSync(new URL('../fixtures/rubrics/trainee-quiz-phrases.json', import.meta.url), 'utf8');
  await page.getByTestId('paste-rubric').fill(text);
  await page.getByTestId('open-pasted').click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Agent standard phrases self-test');
  expect(new URL(page.url()).searchParams.get('rubric')).toBe('inline');
  // Back returns to the start page, the text still in its box.
  await page.goBack();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Choose a rubric');
  await expect(page.getByTestId('paste-rubric')).toHaveValue(text);
});

test('an invalid rubric lists every problem with its path', async ({ page }, testInfo) => {
  await page.goto('/index.html?lang=en&rubric=/fixtures/broken-rubric.json');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('The rubric has problems and was not loaded:');
  await expect(page.getByRole('alert').locator('li')).toHaveText([
    'id: expected an id matching [A-Za-z0-9_.-]{1,64}, found "broken sample"',
    'sections[0].items[0].options: expected a non-empty array of options, found []',
    'sections: expected section weights adding up to scoring.max (100), found a total of 90',
  ]);
  await expect(page.getByRole('link', { name: 'Back to the rubrics' })).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);
  await page.screenshot({ path: `target/e2e/screenshots/${testInfo.project.name}-invalid-rubric.png`, fullPage: true });
});

test('a rubric that cannot be fetched names its URL', async ({ page }) => {
  await page.goto('/index.html?lang=en&rubric=/fixtures/nope.json');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Could not load');
  await expect(page.getByRole('alert').locator('li')).toHaveText(['/fixtures/nope.json: HTTP 404 Not Found']);
});
