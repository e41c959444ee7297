// End-to-end tests: the real built app (dist/, from `trunk build --release`) served by
// the real reference receiver (reviews in a SQLite file), in Debian's headless
// Chromium. Playwright never downloads a browser here.
import { defineConfig } from '@playwright/test';

export const RECEIVER = 'http://127.0.0.1:4817';
export const OTHER_ORIGIN = 'http://127.0.0.1:4818';
export const PROXY = 'http://127.0.0.1:4819';
export const DATABASE = 'target/e2e/reviews.sqlite';

const receiver = [
  'target/debug/rubric-receiver', '--addr 127.0.0.1:4817', `--db ${DATABASE}`,
  '--rubrics tests/fixtures/rubrics', '--serve /=dist', '--serve /fixtures=tests/e2e/fixtures',
  '--serve /hosts=tests/e2e/hosts',
  `--allow-origin ${RECEIVER}`, `--allow-origin ${OTHER_ORIGIN}`,
].join(' ');

export default defineConfig({
  testDir: '.',
  outputDir: '../../target/e2e/results',
  timeout: 45_000,
  expect: { timeout: 10_000 },
  fullyParallel: true,
  workers: 2,
  retries: 0,
  reporter: [['list']],
  use: {
    baseURL: RECEIVER,
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
  webServer: [
    {
      // A fresh database for every run.
      command: `rm -f ${DATABASE} ${DATABASE}-wal ${DATABASE}-shm && exec ${receiver}`,
      cwd: '../..',
      url: `${RECEIVER}/api/health`,
      reuseExistingServer: false,
      timeout: 20_000,
    },
    {
      command: 'node tests/e2e/serve.mjs 4818',
      cwd: '../..',
      url: `${OTHER_ORIGIN}/index.html`,
      reuseExistingServer: false,
    },
    {
      command: `node tests/e2e/fault-proxy.mjs 4819 ${RECEIVER}`,
      cwd: '../..',
      url: `${PROXY}/__scenario/ping`,
      reuseExistingServer: false,
    },
  ],
});
