// Hostile input at the door: a missing or wrong token, a forged Host, a foreign
// Origin, malformed and forged messages. Each is refused or answered with an
// error, and the user's session goes on undisturbed.
import { expect, test } from './fixtures';
import { exchange, openWebSocket, rawGet, sessionCookie } from './support/raw-client';

test('browser mode refuses strangers and survives malformed messages', async ({ target, host, playground: app }) => {
  test.skip(target !== 'web', 'the token, Host and Origin checks belong to browser mode');
  const { port, token } = host!;
  const self = `127.0.0.1:${port}`;
  // The user's session: a listening socket.
  await app.run('import socket');
  await app.run('srv = socket.socket()');
  await app.run("srv.bind(('127.0.0.1', 0))");
  await app.run('srv.listen()');
  const before = await app.run('srv.getsockname()');

  // The page and the WebSocket need the token (or its cookie).
  expect((await rawGet(port, '/', { Host: self })).status).toBe(401);
  expect((await rawGet(port, '/?token=0123456789abcdef', { Host: self })).status).toBe(401);
  // DNS rebinding: a foreign Host name is refused even with the right token.
  expect((await rawGet(port, `/?token=${token}`, { Host: `attacker.example:${port}` })).status).toBe(403);
  const cookie = await sessionCookie(port, token);
  expect((await rawGet(port, '/', { Host: self, Cookie: cookie })).status).toBe(200);
  expect((await rawGet(port, '/', { Host: 'attacker.example', Cookie: cookie })).status).toBe(403);
  expect((await rawGet(port, '/', { Host: self, Cookie: cookie, Origin: 'http://attacker.example' })).status).toBe(403);

  expect(await openWebSocket(port, { Host: self, Origin: `http://${self}` })).toEqual({ refused: 401 });
  expect(await openWebSocket(port, { Host: self, Origin: 'http://attacker.example', Cookie: cookie })).toEqual({ refused: 403 });
  expect(await openWebSocket(port, { Host: `attacker.example:${port}`, Origin: `http://attacker.example:${port}`, Cookie: cookie })).toEqual({ refused: 403 });
  expect(await openWebSocket(port, { Host: self, Cookie: cookie })).toEqual({ refused: 403 });

  // A legitimate connection sending garbage: every frame gets an error, none a result.
  const opened = await openWebSocket(port, { Host: self, Origin: `http://${self}`, Cookie: cookie });
  if (!('ws' in opened)) throw new Error(`refused: ${opened.refused}`);
  const frames = [
    'not json',
    '{"id": 1, "method": "run"',
    Buffer.from([0, 1, 2, 3]),
    'null',
    '[]',
    '42',
    '{}',
    '{"id": "1", "method": "listSockets", "params": {}}',
    '{"id": -1, "method": "listSockets", "params": {}}',
    '{"id": 1e300, "method": "listSockets", "params": {}}',
    '{"id": 2, "method": "rm -rf /", "params": {}}',
    '{"id": 3, "method": "__proto__", "params": {}}',
    '{"id": 4, "method": "constructor", "params": {}}',
    '{"id": 5, "method": "run", "params": {"source": 42}}',
    '{"id": 6, "method": "run", "params": {"source": "srv.close()", "extra": true}}',
    '{"id": 7, "method": "run", "params": {"source": "srv.close()", "stepTimeout": -1}}',
    `{"id": 8, "method": "run", "params": {"source": "${'x'.repeat(300_000)}"}}`,
    '{"id": 9, "method": "logWindow", "params": {"fromSeq": -5, "count": 10}}',
    '{"id": 10, "method": "logWindow", "params": {"fromSeq": 0, "count": 100000000}}',
    '{"id": 11, "method": "logPayload", "params": {"seq": 0, "offset": 0, "length": 1e12}}',
    '{"id": 12, "method": "hello", "params": {"version": 999}}',
    '{"id": 13, "method": "interrupt", "params": {"now": true}}',
    '{"id": 14, "method": "listSockets", "params": {}, "__proto__": {"admin": true}}',
    `{"id": 15, "method": "run", "params": {"source": "import os"}}`,
    `{"id": 16, "method": "run", "params": {"source": "open('/etc/passwd').read()"}}`,
    `{"id": 17, "method": "run", "params": {"source": "__import__('os').system('id')"}}`,
  ];
  const answers = (await exchange(opened.ws, frames)) as { ok: boolean; error?: { type: string }; result?: { outcomes: { ok: boolean; error?: { type: string } }[] } }[];
  for (const [i, a] of answers.entries()) {
    // Scripts outside the language are refused as Python would refuse them: a failed outcome, never a run.
    const refused = a.ok === false ? a.error!.type : a.result?.outcomes.find((o) => !o.ok)?.error?.type;
    expect(refused, `frame ${i}: ${String(frames[i]).slice(0, 60)}`).toBeTruthy();
  }
  opened.ws.close();

  // The host still runs and the session is as it was: same socket, same address, still usable.
  expect(host!.running()).toBe(true);
  expect(await app.run('srv.getsockname()')).toBe(before);
  await app.expectState('srv', 'listening');
  expect(await app.run('srv.fileno() > 0')).toBe('True');
});

test('the Electron bridge exposes only the contract and validates it', async ({ target, playground: app }) => {
  test.skip(target !== 'electron', 'the preload bridge exists only in the Electron app');
  const page = app.page;
  expect(await page.evaluate(() => Object.keys((globalThis as unknown as { socketPlayground: object }).socketPlayground).sort())).toEqual(['invoke', 'subscribe']);
  expect(await page.evaluate(() => typeof (globalThis as { require?: unknown }).require + typeof (globalThis as { process?: unknown }).process)).toBe('undefinedundefined');
  const unknown = await page.evaluate(() =>
    (globalThis as unknown as { socketPlayground: { invoke(m: string, p: unknown): Promise<unknown> } }).socketPlayground.invoke('shell', {}).then(
      () => 'resolved',
      (e: Error) => e.message,
    ),
  );
  expect(unknown).toContain('unknown method');
  const malformed = (await page.evaluate(() =>
    (globalThis as unknown as { socketPlayground: { invoke(m: string, p: unknown): Promise<unknown> } }).socketPlayground.invoke('run', { source: 42 }),
  )) as { ok: boolean; error: { type: string } };
  expect(malformed.ok).toBe(false);
  expect(malformed.error.type).toBe('ProtocolError');
  expect(await app.run('1 + 1')).toBe('2');
});
