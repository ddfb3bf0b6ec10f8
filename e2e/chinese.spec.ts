// The Chinese UI: chosen from the system locale, switchable, with Python's own
// outcomes left as Python prints them.
import { expect, test } from './fixtures';

test.use({ locale: 'zh-CN' });

test('the Chinese UI follows the locale and drives the same sockets', async ({ playground: app }) => {
  const page = app.page;
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
  await expect(page.getByTestId('new-socket')).toHaveText('新建套接字');
  await expect(page.getByRole('heading', { name: '流量' })).toBeVisible();
  await expect(page.getByTestId('traffic-tab-kernel')).toHaveText('内核视图');

  const srv = await app.newSocket('AF_INET', 'SOCK_STREAM');
  await app.select(srv);
  await expect(app.socket(srv).getByTestId('socket-state')).toHaveText('已创建');
  await expect(await app.call('bind', { 主机: '127.0.0.1', 端口: '0' })).toHaveText('None');
  await expect(app.socket(srv).getByTestId('socket-state')).toHaveText('已绑定');
  // A call that makes no sense now stays callable, with a hint in Chinese and Python's real error.
  await expect(app.card('bind')).toContainText('该套接字已有地址，再次绑定会出错。');
  await expect(await app.call('bind', { 主机: '127.0.0.1', 端口: '0' })).toHaveText('OSError: [Errno 22] Invalid argument');
  await expect(await app.call('listen', { 队列长度: '1' })).toHaveText('None');
  await expect(app.socket(srv).getByTestId('socket-state')).toHaveText('监听中');

  // A blocked call reads in Chinese too.
  const accepted = await app.call('accept');
  const pending = app.socket(srv).getByTestId('pending-call');
  await expect(pending).toContainText('阻塞在 accept() 中');
  await expect(pending.getByTestId('interrupt')).toHaveText('中断');
  await pending.getByTestId('interrupt').click();
  await expect(accepted).toHaveText('KeyboardInterrupt');

  // GBK text becomes the statement Python would run.
  await app.run(`c = socket.create_connection(${srv}.getsockname())`);
  await app.run(`conn, addr = ${srv}.accept()`);
  await app.select('c');
  await app.card('sendall').getByLabel('编码', { exact: true }).selectOption('gbk');
  await expect(await app.call('sendall', { 数据: '你好' })).toHaveText('None');
  await expect(app.consoleOutput).toContainText("c.sendall('你好'.encode('gbk'))");
  expect(await app.run('conn.recv(10)')).toBe(String.raw`b'\xc4\xe3\xba\xc3'`);
  await app.showOnlyData();
  await expect(app.logRows({ kind: 'data', direction: 'out' }).last()).toContainText('4');

  // Switching back to English changes the words, not the session.
  await app.setLanguage('en');
  await expect(page.getByTestId('new-socket')).toHaveText('New socket');
  await expect(app.socket('conn').getByTestId('socket-state')).toHaveText('accepted');
});
