// Saving the log (JSON lines) and the capture (pcapng), and opening the saved log
// again: the same events, offline, in the log and the stream views.
import fs from 'node:fs';
import { expect, test } from './fixtures';

test('save the log and the capture, then open the log again offline', async ({ target, playground: app }, testInfo) => {
  test.skip(target !== 'web', 'browser mode saves by download and opens by upload; the app uses file dialogs');
  const page = app.page;
  await app.run('import socket');
  await app.run('srv = socket.socket()');
  await app.run("srv.bind(('127.0.0.1', 0))");
  await app.run('srv.listen()');
  await app.run('c = socket.create_connection(srv.getsockname())');
  await app.run('conn, addr = srv.accept()');
  await app.run("c.sendall(b'one ')");
  await app.run("c.sendall(b'two')");
  await app.run('conn.recv(100)');
  const liveCount = (await page.getByTestId('log-counts').textContent())!;

  const [logDownload] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-jsonl').click()]);
  expect(logDownload.suggestedFilename()).toMatch(/^socket-playground-log-.*\.jsonl$/);
  const logFile = testInfo.outputPath('session.jsonl');
  await logDownload.saveAs(logFile);
  const lines = fs.readFileSync(logFile, 'utf8').trimEnd().split('\n');
  expect(JSON.parse(lines[0])).toMatchObject({ format: 'socket-playground-log', version: 1 });
  expect(lines.length - 1).toBe(JSON.parse(lines[0]).totals.events);

  const [capDownload] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-pcapng').click()]);
  const capFile = testInfo.outputPath('capture.pcapng');
  await capDownload.saveAs(capFile);
  // A pcapng file starts with a Section Header Block.
  expect(fs.readFileSync(capFile).readUInt32LE(0)).toBe(0x0a0d0d0a);

  // More traffic after the save, then open the saved log: the views show the file, not the session.
  await app.run("c.sendall(b'later')");
  await page.getByTestId('open-log-file').setInputFiles(logFile);
  await expect(page.getByTestId('offline-banner')).toContainText('session.jsonl');
  await expect(page.getByTestId('log-counts')).toHaveText(`${lines.length - 1} events`);
  await expect(app.logRows({ text: 'later' })).toHaveCount(0);
  await page.getByTestId('traffic-tab-stream').click();
  await page.getByTestId('stream-socket').selectOption({ label: 'c' });
  await expect(page.getByTestId('stream-piece')).toHaveCount(2);
  await expect(page.getByTestId('stream-piece').nth(1).getByTestId('recv-mark')).toHaveText('┃ recv #1 returned bytes 0–7');

  // A file that is not a log is refused with the reason; the view stays as it was.
  const bad = testInfo.outputPath('bad.jsonl');
  fs.writeFileSync(bad, '{"hello": 1}\n');
  await page.getByTestId('open-log-file').setInputFiles(bad);
  await expect(page.getByTestId('open-log-error')).toContainText('line 1: not a Socket Playground log export');
  await page.getByTestId('back-to-live').click();
  await page.getByTestId('traffic-tab-log').click();
  await expect(page.getByTestId('log-counts')).not.toHaveText(liveCount);
  await expect(app.logRows({ text: 'later' }).first()).toBeVisible();
});
