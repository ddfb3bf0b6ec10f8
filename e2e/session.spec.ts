// Sessions as scripts: what was done is saved as a .py file that python3 runs,
// opened again in the Script tab, and replayed step by step after a restart.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { expect, test } from './fixtures';

test('save a session, run it with python3, replay it step by step', async ({ playground: app }, testInfo) => {
  const page = app.page;
  // A session made from the panels and the console.
  const srv = await app.newSocket('AF_INET', 'SOCK_STREAM');
  await app.select(srv);
  await app.call('bind', { Host: '127.0.0.1', Port: '0' });
  await app.call('listen', { Backlog: '1' });
  await app.run(`c = socket.create_connection(${srv}.getsockname())`);
  await app.run(`conn, addr = ${srv}.accept()`);
  await app.run("c.sendall(b'hi')");
  expect(await app.run('conn.recv(10)')).toBe("b'hi'");
  await app.run('conn.sendall(42)'); // raises: kept in the script as a comment

  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('console-save').click()]);
  const file = testInfo.outputPath('session.py');
  await download.saveAs(file);
  // python3 runs it as it ran here.
  execFileSync('python3', [file], { timeout: 20_000 });

  // Open it in the Script tab and replay it after a restart.
  await page.getByTestId('console-tab-script').click();
  await page.getByTestId('script-file').setInputFiles(file);
  await expect(page.getByTestId('script-title')).toHaveText('session.py');
  const steps = page.getByTestId('script-step');
  const n = await steps.count();
  expect(n).toBeGreaterThanOrEqual(7);
  await page.getByTestId('script-restart').click();
  // Every socket closed and gone from the list, every name forgotten.
  await expect(page.getByTestId('socket-item')).toHaveCount(0);
  await page.getByTestId('script-next').click();
  await expect(steps.nth(0)).toHaveAttribute('data-status', 'ok');
  await expect(steps.nth(1)).toHaveAttribute('aria-current', 'step');
  await page.getByTestId('script-to-end').click();
  await expect(page.getByTestId('script-done')).toBeVisible();
  for (let i = 0; i < n; i++) await expect(steps.nth(i)).toHaveAttribute('data-status', 'ok');
  await expect(page.getByTestId('script-progress')).toHaveText(`${n} of ${n} steps run`);
  // The replayed session made real sockets again.
  await expect(page.locator('[data-testid="socket-item"][data-names~="conn"]')).toHaveCount(1);

  // A script outside the language is refused with the reason, before anything runs.
  const bad = testInfo.outputPath('bad.py');
  fs.writeFileSync(bad, 'for i in range(3):\n    pass\n');
  await page.getByTestId('script-file').setInputFiles(bad);
  await expect(page.getByTestId('script-error')).toContainText('SyntaxError');
});
