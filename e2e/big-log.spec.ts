// A log of a million events (opened from a file, as a saved session is) scrolls,
// jumps and filters, with counts; then the view goes back to the live session.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from './fixtures';
import { writeBigLog } from './support/big-log';

const EVENTS = 1_000_000;
const FILE = path.join(os.tmpdir(), `socket-playground-e2e-${process.pid}-big-log.jsonl`);

test.use({ hostArgs: ['--open-log', FILE] });
test.beforeAll(() => writeBigLog(FILE, EVENTS));
test.afterAll(() => fs.rmSync(FILE, { force: true }));

test('a million-event log scrolls and filters', async ({ target, playground: app }) => {
  test.skip(target !== 'web', 'the file is opened by the browser-mode host (--open-log); the app opens files with a dialog');
  test.setTimeout(120_000);
  const page = app.page;
  const counts = page.getByTestId('log-counts');
  await expect(page.getByTestId('offline-banner')).toContainText(`(${EVENTS} events)`);
  await expect(counts).toHaveText(`${EVENTS} events`);

  // Jump to the middle, then the end: the rows there are fetched and shown.
  const scroller = page.getByTestId('log-scroller');
  await scroller.evaluate((el) => (el.scrollTop = (el.scrollHeight - el.clientHeight) / 2));
  const middle = Number(await app.logRows().first().getAttribute('data-seq'));
  expect(middle).toBeGreaterThan(EVENTS * 0.45);
  expect(middle).toBeLessThan(EVENTS * 0.55);
  await scroller.evaluate((el) => (el.scrollTop = el.scrollHeight));
  await expect(app.logRows().last()).toHaveAttribute('data-seq', String(EVENTS));
  // Names come from the file: conn received the last bytes.
  await expect(app.logRows().last().locator('.c-socket')).toHaveText('conn');

  // Filters answer with counts over the whole log.
  await page.getByTestId('log-filter-data').click();
  await expect(counts).toHaveText(`${EVENTS / 2} of ${EVENTS} events`, { timeout: 30_000 });
  await page.getByTestId('log-filter-socket').selectOption({ label: 'conn' });
  await expect(counts).toHaveText(`${EVENTS / 4} of ${EVENTS} events`, { timeout: 30_000 });
  await page.getByTestId('log-filter-socket').selectOption({ label: 'All sockets' });
  await page.getByTestId('log-filter-data').click();
  await page.getByTestId('log-search').fill('#123456');
  await expect(counts).toHaveText(`2 of ${EVENTS} events`, { timeout: 60_000 });
  await expect(app.logRows({ kind: 'call' })).toHaveCount(2);
  await page.getByTestId('log-search').fill('');
  // Clock time comes from the file's header (2026-01-02 03:04:05 UTC, in the page's zone).
  await page.getByTestId('log-time-mode').click();
  await expect(app.logRows().first().locator('.c-time')).toHaveText(/^\d\d:\d\d:0[5-9]\.\d{3}$/);

  // Back to the live session: its own (short) log.
  await page.getByTestId('back-to-live').click();
  await expect(page.getByTestId('offline-banner')).toHaveCount(0);
  await app.run('import socket');
  await expect(counts).toHaveText(/^\d{1,3} events$/);
});
