// The end-to-end suite: one set of specs, two targets. `web` drives browser mode
// (the real host and engine) in Chromium; `electron` drives the desktop app and is
// skipped, with a one-line reason, where the Electron runtime is not installed.
import { defineConfig } from '@playwright/test';
import type { Target } from './e2e/fixtures';

export default defineConfig<object, { target: Target }>({
  testDir: 'e2e',
  testMatch: '**/*.spec.ts',
  globalSetup: './e2e/global-setup.ts',
  /** Each test starts its own host and page; a slow CI machine gets time, a hang does not last. */
  timeout: 45_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  /** Two cores: one browser at a time keeps timings honest and the run stable. */
  workers: 1,
  retries: 0,
  forbidOnly: true,
  reporter: [['list']],
  outputDir: 'out/e2e-results',
  use: { actionTimeout: 10_000, trace: 'retain-on-failure', screenshot: 'only-on-failure' },
  projects: [
    { name: 'web', use: { target: 'web' } },
    { name: 'electron', use: { target: 'electron' } },
  ],
});
