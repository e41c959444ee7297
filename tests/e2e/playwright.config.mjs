// End-to-end tests: the real built app (dist/, from `trunk build --release`) in
// Debian's headless Chromium. Playwright never downloads a browser here.
import { defineConfig } from '@playwright/test';

const port = Number(process.env.E2E_PORT || 4817);

export default defineConfig({
  testDir: '.',
  outputDir: '../../target/e2e/results',
  timeout: 30_000,
  expect: { timeout: 10_000 },
  fullyParallel: true,
  workers: 2,
  retries: 0,
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
      args: [
        '--headless=new', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage',
        '--disable-background-networking', '--disable-component-update', '--disable-sync',
        '--disable-quic', '--no-first-run',
      ],
    },
  },
  projects: [
    { name: 'wide', use: { viewport: { width: 1280, height: 900 } } },
    { name: 'phone', use: { viewport: { width: 360, height: 760 }, hasTouch: true } },
  ],
  webServer: {
    command: `node tests/e2e/serve.mjs ${port}`,
    cwd: '../..',
    url: `http://127.0.0.1:${port}/index.html`,
    reuseExistingServer: false,
    timeout: 20_000,
  },
});
