// destroy() leaves nothing behind: 100 mount/destroy cycles of the JS API, measured
// (JS heap after forced garbage collection, wasm memory, DOM nodes).
import { test, expect } from '@playwright/test';

test.use({ launchOptions: { executablePath: '/usr/bin/chromium', args: [
  '--headless=new', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--no-first-run', '--js-flags=--expose-gc',
] } });

test('100 mount/destroy cycles leak nothing', async ({ page }, testInfo) => {
  test.skip(testInfo.project.name !== 'wide', 'once is enough');
  test.setTimeout(120_000);
  await page.goto('/hosts/two.html');
  await expect(page.locator('#left').getByTestId('total')).toBeVisible();
  const measure = (cycles) => page.evaluate(async (cycles) => {
    const { mount, memoryBytes } = await import('/widget/0.1.0/rubric-widget.js');
    for (let i = 0; i < cycles; i++) {
      const div = document.createElement('div');
      document.body.append(div);
      const handle = mount(div, { rubric: '/rubrics/trainee-quiz-phrases.json', locale: 'en', context: { call_id: `C-cycle-${i}` } });
      await new Promise((resolve, reject) => {
        handle.on('ready', resolve);
        setTimeout(() => reject(new Error(`cycle ${i}: no ready event`)), 10_000);
      });
      handle.destroy();
      div.remove();
    }
    for (let i = 0; i < 3; i++) {
      await new Promise((r) => setTimeout(r, 50));
      window.gc();
    }
    return { heap: performance.memory.usedJSHeapSize, wasm: memoryBytes(), nodes: document.getElementsByTagName('*').length };
  }, cycles);
  const warm = await measure(10);
  const cycles = 100;
  const after = await measure(cycles);
  const line = `memory after ${cycles} mount/destroy cycles: JS heap ${((after.heap - warm.heap) / 1024).toFixed(0)} KB, `
    + `wasm ${((after.wasm - warm.wasm) / 1024).toFixed(0)} KB, DOM nodes ${after.nodes - warm.nodes}`;
  console.log(line);
  testInfo.annotations.push({ type: 'memory', description: line });
  expect(after.nodes).toBe(warm.nodes);
  expect(after.heap - warm.heap).toBeLessThan(2 * 1024 * 1024);
  expect(after.wasm - warm.wasm).toBeLessThanOrEqual(1024 * 1024);
});
