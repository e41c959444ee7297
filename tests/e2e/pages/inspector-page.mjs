// The page object for the inspector's form: every locator and gesture the specs use.
import { readFileSync } from 'node:fs';
import { expect } from '@playwright/test';

const fixtures = new URL('../../fixtures/rubrics/', import.meta.url);

/** A sample rubric (parsed) and its items by id. */
export function sampleRubric(name) {
  const rubric = JSON.parse(readFileSync(new URL(`${name}.json`, fixtures), 'utf8'));
  const items = new Map();
  for (const section of rubric.sections) for (const item of section.items) items.set(item.id, item);
  return { rubric, items };
}

/** A shared example's answers, e.g. ('cc-qc-standard', 'typical'). */
export function sampleAnswers(name, example) {
  return JSON.parse(readFileSync(new URL(`examples/${name}.${example}.answers.json`, fixtures), 'utf8'));
}

export class InspectorPage {
  constructor(page) {
    this.page = page;
    this.heading = page.getByRole('heading', { level: 1 });
    this.panel = page.getByTestId('score-panel');
    this.total = page.getByTestId('total');
    this.grade = page.getByTestId('grade');
    this.verdict = page.getByTestId('verdict');
    this.progress = page.getByTestId('progress');
    this.submit = page.getByTestId('submit');
    this.restoredNote = page.getByTestId('draft-restored');
  }

  async open({ rubric = 'rubrics/cc-qc-standard.json', lang = 'zh-CN', context = {}, config, origin = '' } = {}) {
    const query = new URLSearchParams({ rubric, lang, ...context, ...(config ? { config } : {}) });
    await this.page.goto(`${origin}/index.html?${query}`);
    // The score panel, or in a running quiz the progress panel that stands in for it.
    await expect(this.page.locator('[data-testid=score-panel], [data-testid=quiz-panel]')).toBeVisible();
  }

  /** The id of the review on screen. */
  async reviewId() {
    return this.page.locator('.submit-area').getAttribute('data-review-id');
  }

  item(id) {
    return this.page.getByTestId(`item-${id}`);
  }

  option(item, value) {
    return this.page.getByTestId(`opt-${item}-${value}`);
  }

  /** On a narrow screen the details live in the bottom bar; open them. */
  async showDetails() {
    const toggle = this.panel.locator('.panel-toggle');
    if (await toggle.isVisible() && (await toggle.getAttribute('aria-expanded')) === 'false') {
      await toggle.click();
    }
  }

  /** Answer one item with the mouse, whatever its kind. */
  async answer(item, answer) {
    const id = item.id;
    if (answer.na) {
      await this.page.getByTestId(`na-${id}`).click();
    } else if (answer.value !== undefined) {
      switch (item.kind) {
        case 'check':
        case 'choice':
          await this.option(id, answer.value).click();
          break;
        case 'multi':
          for (const value of answer.value) await this.option(id, value).check();
          break;
        case 'count':
          await this.page.getByTestId(`count-${id}`).fill(String(answer.value));
          break;
        case 'number':
          await this.page.getByTestId(`number-${id}`).fill(String(answer.value));
          break;
        case 'text':
          await this.page.getByTestId(`text-${id}`).fill(answer.value);
          break;
      }
    }
    for (const tag of answer.tags || []) await this.page.getByTestId(`tag-${id}-${tag}`).click();
    if (answer.comment) {
      await this.page.getByTestId(`comment-toggle-${id}`).click();
      await this.page.getByTestId(`comment-${id}`).fill(answer.comment);
    }
  }

  /** Answer every item of `answers` with the mouse, in rubric order. */
  async answerAll(items, answers) {
    for (const [id, item] of items) {
      if (answers[id]) await this.answer(item, answers[id]);
    }
  }

  /**
   * Answer one item with the keyboard only, starting with the focus on the item's
   * main control (where Alt+N puts it).
   */
  async answerByKeyboard(item, answer) {
    await this.keys(item, answer);
    // The keys took effect: the item is answered (and the form has re-rendered).
    await expect(this.item(item.id)).not.toHaveAttribute('data-status', 'missing');
  }

  async keys(item, answer) {
    const kb = this.page.keyboard;
    if (answer.na) {
      // From the control, Tab reaches the N/A switch.
      await kb.press('Tab');
      await expect(this.page.getByTestId(`na-${item.id}`)).toBeFocused();
      await kb.press('Space');
      return;
    }
    switch (item.kind) {
      case 'check':
      case 'choice': {
        const values = item.kind === 'check' ? ['pass', 'fail'] : item.options.map((o) => o.id);
        const index = values.indexOf(answer.value);
        if (index === 0) await kb.press('Space');
        for (let i = 0; i < index; i++) await kb.press('ArrowRight');
        break;
      }
      case 'multi': {
        const values = item.options.map((o) => o.id);
        for (let i = 0; i < values.length; i++) {
          if (answer.value.includes(values[i])) await kb.press('Space');
          if (i + 1 < values.length) await kb.press('ArrowRight');
        }
        break;
      }
      case 'count':
      case 'number':
      case 'text':
        await kb.type(String(answer.value));
        break;
    }
  }

  /** Jump to the next unanswered required item with Alt+N; returns its id. */
  async nextUnanswered() {
    await this.page.keyboard.press('Alt+KeyN');
    return this.page.evaluate(() => document.activeElement?.closest('[data-item]')?.getAttribute('data-item'));
  }

  async screenshot(name, testInfo) {
    await this.page.screenshot({
      path: `target/e2e/screenshots/${testInfo.project.name}-${name}.png`,
      fullPage: testInfo.project.name !== 'phone',
    });
  }
}
