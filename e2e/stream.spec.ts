// Follow stream: two sends that one recv() returns together (粘包), and the reply.
import { expect, test } from './fixtures';

test('follow stream shows two sends merged into one recv', async ({ playground: app }) => {
  await app.run('import socket');
  await app.run('srv = socket.socket()');
  await app.run("srv.bind(('127.0.0.1', 0))");
  await app.run('srv.listen()');
  await app.run('c = socket.create_connection(srv.getsockname())');
  await app.run('conn, addr = srv.accept()');
  await app.run("c.sendall(b'hello ')");
  await app.run("c.sendall(b'world')");
  expect(await app.run('conn.recv(1024)')).toBe("b'hello world'");
  await app.run("conn.sendall('收到'.encode('gbk'))");
  expect(await app.run('c.recv(1)')).toBe(String.raw`b'\xca'`);

  await app.select('c');
  await app.page.getByTestId('traffic-tab-stream').click();
  const pieces = app.page.getByTestId('stream-piece');
  await expect(pieces).toHaveCount(3);
  await expect(pieces.nth(0)).toHaveAttribute('data-dir', 'out');
  await expect(pieces.nth(0)).toContainText("sendall(b'hello ')");
  // The first send's bytes end no recv; the second's end recv #1, which returned both.
  await expect(pieces.nth(0)).toHaveAttribute('data-recvs', '');
  await expect(pieces.nth(1)).toHaveAttribute('data-recvs', '1');
  await expect(pieces.nth(1).getByTestId('recv-mark')).toHaveText('┃ recv #1 returned bytes 0–11');
  // The reply, read one byte so far, shown as GBK text.
  await expect(pieces.nth(2)).toHaveAttribute('data-dir', 'in');
  await app.page.getByTestId('stream-encoding').selectOption('gbk');
  await expect(pieces.nth(2)).toContainText('收');
  await expect(pieces.nth(2).getByTestId('recv-mark')).toHaveText('┃ recv #1 returned bytes 0–1');
  await expect(app.page.getByTestId('stream-totals')).toHaveText('11 bytes sent · 4 bytes received');

  // Live: a new send appears without leaving the view.
  await app.run("c.sendall(b'!')");
  await expect(pieces).toHaveCount(4);
  // A piece opens its row in the log.
  await pieces.nth(0).click();
  await expect(app.page.getByTestId('log-details')).toContainText('hello');
});
