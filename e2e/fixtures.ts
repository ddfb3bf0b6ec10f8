// The suite's fixtures: `playground` is the app under test on the selected target
// (browser mode in Chromium, or the Electron app), wrapped in its page object.
import { test as base, chromium, _electron, type Browser, type Page } from '@playwright/test';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { electronBinary } from '../bin/electron-runtime.mjs';
import { PlaygroundPage } from './pages/playground';
import { startWebHost, type WebHost } from './support/web-host';

export type Target = 'web' | 'electron';

/** Debian's Chromium (Playwright's own download is blocked here); Playwright's browser elsewhere. */
const DEBIAN_CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'];
const VIEWPORT = { width: 1440, height: 900 };
const root = fileURLToPath(new URL('..', import.meta.url));

interface Fixtures {
  /** Extra arguments for the browser-mode host (e.g. --open-log FILE). */
  hostArgs: string[];
  /** The browser-mode host of this test (web target only; null on electron). */
  host: WebHost | null;
  playground: PlaygroundPage;
}

interface WorkerFixtures {
  target: Target;
  browser: Browser;
}

export const test = base.extend<Fixtures, WorkerFixtures>({
  target: ['web', { option: true, scope: 'worker' }],
  browser: [
    async ({}, use) => {
      const executablePath = process.env.CHROMIUM_PATH ?? (fs.existsSync(DEBIAN_CHROMIUM) ? DEBIAN_CHROMIUM : undefined);
      const browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS });
      await use(browser);
      await browser.close();
    },
    { scope: 'worker' },
  ],
  hostArgs: [[], { option: true }],
  host: async ({ target, hostArgs }, use) => {
    if (target !== 'web') return use(null);
    const host = await startWebHost(hostArgs);
    await use(host);
    await host.stop();
  },
  playground: async ({ target, host, browser, locale }, use, testInfo) => {
    let page: Page;
    let close: () => Promise<void>;
    if (target === 'web') {
      const context = await browser.newContext({ viewport: VIEWPORT, locale: locale ?? 'en-US', colorScheme: 'light' });
      page = await context.newPage();
      await page.goto(host!.url);
      close = () => context.close();
    } else {
      const executablePath = electronBinary();
      testInfo.skip(executablePath === null, 'Electron runtime not installed here (its download is blocked); the web target covers the same UI and engine.');
      // Chromium's --lang sets the locale the page sees (navigator.languages).
      const app = await _electron.launch({ executablePath: executablePath!, args: [`--lang=${locale ?? 'en-US'}`, path.join(root, 'dist/main.cjs')] });
      page = await app.firstWindow();
      await page.setViewportSize(VIEWPORT);
      close = () => app.close();
    }
    const errors: string[] = [];
    page.on('pageerror', (e) => {
      errors.push(String(e));
      console.error(`page error: ${e.stack ?? e}`);
    });
    const playground = new PlaygroundPage(page);
    await playground.ready();
    await use(playground);
    // Every test leaves its sockets closed: the engine goes with the host or the app.
    await close();
    if (errors.length) throw new Error(`the page threw:\n${errors.join('\n')}`);
  },
});

export { expect } from '@playwright/test';
