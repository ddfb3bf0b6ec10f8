// The kernel view: the kernel's own state and queues for the sockets the console
// drives, read live from /proc/net/tcp (Linux). Bytes wait in Recv-Q until recv()
// takes them; close() walks the connection through FIN_WAIT2 / CLOSE_WAIT into
// TIME_WAIT; an outside python3 client shows as the connection's other end.
import { expect, test } from './fixtures';
import { runPython } from './support/python';

test.skip(process.platform !== 'linux', 'the kernel view reads /proc/net/tcp, which only Linux has');

test('Recv-Q fills until recv(), and close() ends in TIME_WAIT', async ({ playground: app }) => {
  await app.run('import socket');
  await app.run('srv = socket.socket()');
  await app.run("srv.bind(('127.0.0.1', 0))");
  await app.run('srv.listen(2)');
  await app.run('cli = socket.create_connection(srv.getsockname())');
  const view = await app.openKernelView();

  // The connection waits in the listener's accept queue, counted against the backlog.
  await expect(app.kernelRow('srv')).toHaveAttribute('data-state', 'LISTEN');
  await expect(app.kernelRow('srv')).toHaveAttribute('data-recvq', '1');
  await expect(app.kernelRow('srv')).toHaveAttribute('data-sendq', '2');
  await expect(view.locator('[data-testid="kernel-row"][data-role="queued"]')).toHaveCount(1);
  await app.run('conn, addr = srv.accept()');
  await expect(app.kernelRow('srv')).toHaveAttribute('data-recvq', '0');
  await expect(app.kernelRow('conn')).toHaveAttribute('data-state', 'ESTABLISHED');
  await expect(app.kernelRow('cli')).toHaveAttribute('data-state', 'ESTABLISHED');

  // Sent bytes sit in the receiver's Recv-Q until recv() takes them.
  await app.run("cli.sendall(b'hello')");
  await expect(app.kernelRow('conn')).toHaveAttribute('data-recvq', '5');
  await expect(app.kernelRow('cli')).toHaveAttribute('data-recvq', '0');
  expect(await app.run('conn.recv(1024)')).toBe("b'hello'");
  await expect(app.kernelRow('conn')).toHaveAttribute('data-recvq', '0');

  // The side that closes first goes through FIN_WAIT2 into TIME_WAIT; the other waits in CLOSE_WAIT for its close().
  await app.run('cli.close()');
  await expect(app.kernelRow('cli')).toHaveAttribute('data-state', 'FIN_WAIT2');
  await expect(app.kernelRow('conn')).toHaveAttribute('data-state', 'CLOSE_WAIT');
  await app.run('conn.close()');
  await expect(app.kernelRow('cli')).toHaveAttribute('data-state', 'TIME_WAIT');
  await expect(app.kernelRow('cli')).toHaveAttribute('data-closed', 'true');
  await expect(app.kernelRow('conn')).toHaveCount(0);
  await expect(view.getByTestId('kernel-legend')).toContainText('late packets');
});

test('an outside python3 client shows as the other end, in both languages', async ({ playground: app }) => {
  await app.run('import socket');
  await app.run('srv = socket.socket()');
  await app.run("srv.bind(('127.0.0.1', 0))");
  await app.run('srv.listen(1)');
  const port = await app.localPort('srv');
  const client = runPython(
    `
import socket, sys
c = socket.create_connection(('127.0.0.1', int(sys.argv[1])), timeout=15)
c.sendall(b'ping')
print('sent', flush=True)
print(repr(c.recv(1024)))
`,
    [String(port)],
  );
  await client.waitForLine(/^sent$/);
  await app.run('conn, addr = srv.accept()');
  await app.openKernelView();
  await expect(app.kernelRow('conn')).toHaveAttribute('data-recvq', '4');
  const peer = app.kernelPeers('conn');
  await expect(peer).toHaveCount(1);
  await expect(peer).toHaveAttribute('data-state', 'ESTABLISHED');
  await expect(peer).toContainText('outside peer of conn');
  await app.setLanguage('zh');
  await expect(peer).toContainText('conn 的外部对端');
  await expect(app.page.getByTestId('kernel-legend')).toContainText('外部对端');
  expect(await app.run("conn.sendall(conn.recv(1024) + b'/pong')")).toBe('');
  expect(await client.done).toContain("b'ping/pong'");
});
