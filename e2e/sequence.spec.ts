// The sequence diagram: a TCP server and client made in the console, data both
// ways and a close. The diagram has a lane per socket, the connect, the data
// arrows both ways and the FIN, follows new events while open, and opens an
// arrow's event in the log.
import { expect, test } from './fixtures';

test('the sequence diagram shows the connect, data both ways and the FIN', async ({ playground: app }) => {
  await app.run('import socket');
  await app.run('srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM)');
  await app.run("srv.bind(('127.0.0.1', 0))");
  await app.run('srv.listen(1)');
  await app.run('c = socket.socket(socket.AF_INET, socket.SOCK_STREAM)');
  await app.run('c.connect(srv.getsockname())');
  await app.run('conn, addr = srv.accept()');
  await app.run("c.sendall(b'hello ')");
  await app.run("c.sendall(b'server')");
  expect(await app.run('conn.recv(1024)')).toContain('hello');
  await app.run("conn.sendall(b'reply')");
  expect(await app.run('c.recv(1024)')).toBe("b'reply'");

  const view = await app.openSequenceView();
  await expect(app.seqLanes).toHaveCount(3);
  await expect(app.seqLanes.nth(0)).toHaveAttribute('data-name', 'srv');
  const [srv, c, conn] = [await app.seqLane('srv'), await app.seqLane('c'), await app.seqLane('conn')];
  expect([srv, c, conn]).toEqual([0, 1, 2]);

  // The handshake and accept near the top (only rows near the screen are drawn).
  await app.scrollSequence('top');
  await expect(app.seqArrows('connect', c, srv)).toHaveCount(1);
  await expect(app.seqArrows('accept', srv, conn)).toHaveCount(1);
  await expect(view.locator('[data-testid="seq-span"][data-method="accept"]')).toHaveCount(1);

  // Data both ways: the two sends from c to conn, the reply back.
  await app.scrollSequence('bottom');
  await expect(app.seqArrows('data', c, conn)).toHaveCount(2);
  await expect(app.seqArrows('data', c, conn).first()).toContainText('6 B · hello');
  await expect(app.seqArrows('data', conn, c)).toHaveCount(1);
  await expect(app.seqArrows('data', conn, c)).toContainText('5 B · reply');

  // Live: the close made while the diagram is open shows as a FIN from c to conn.
  await expect(app.seqArrows('fin')).toHaveCount(0);
  await app.run('c.close()');
  await expect(app.seqArrows('fin', c, conn)).toHaveCount(1);
  await expect(app.seqArrows('fin', c, conn)).toContainText('FIN');
  expect(await app.run('conn.recv(1024)')).toBe("b''");
  await expect(view.locator('[data-testid="seq-marker"][data-state="peer-closed"]')).toHaveCount(1);

  // Clicking the reply opens its event in the log: selected, shown in the details pane, scrolled to.
  await app.seqArrows('data', conn, c).locator('text').click();
  await expect(app.page.getByTestId('traffic-tab-log')).toHaveAttribute('aria-selected', 'true');
  const details = app.page.getByTestId('log-details');
  await expect(details.locator('.text')).toHaveText('reply');
  const row = app.logRows({ kind: 'data', direction: 'out', text: 'reply' });
  await expect(row).toHaveAttribute('aria-selected', 'true');
  await expect(row).toBeInViewport();
});

test('the sequence diagram reads in Chinese', async ({ playground: app }) => {
  await app.setLanguage('zh');
  await app.run('import socket');
  await app.run('srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM)');
  await app.run("srv.bind(('127.0.0.1', 0))");
  await app.run('srv.listen(1)');
  await app.run('c = socket.create_connection(srv.getsockname())');
  await app.run('conn, addr = srv.accept()');
  await app.run("c.sendall('你好'.encode('utf-8'))");
  const view = await app.openSequenceView();
  await expect(view).toContainText('时间自上而下');
  await expect(app.seqArrows('data', await app.seqLane('c'), await app.seqLane('conn'))).toContainText('6 字节 · 你好');
});
