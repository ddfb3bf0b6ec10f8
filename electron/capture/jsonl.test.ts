// The JSON lines export and its import: import(export(log)) is the log, event
// for event and payload for payload, dropped payloads and capped logs included;
// broken files are refused with the line that is wrong.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { EngineEvent } from '../engine/events';
import { Session } from '../engine/session';
import { sessionNames, writeChunksToFile } from './export';
import { ImportedLog, LOG_FORMAT, LogImportError, jsonlLines, parseJsonl, readJsonlFile } from './jsonl';
import { pcapngBlocks } from './pcapng';
import { runScript, tempDir } from './testing';

let dir: string;
let session: Session;
beforeAll(() => (dir = tempDir()));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
afterEach(() => session?.dispose());

const SCRIPT = `import socket
srv = socket.socket()
srv.bind(('127.0.0.1', 0))
srv.listen(1)
c = socket.create_connection(srv.getsockname())
conn, addr = srv.accept()
c.sendall(b'hello')
c.sendall(b'0123456789' * 1024)
conn.recv(3)
conn.sendall('你好'.encode('utf-8'))
c.recv(100)
u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
u.bind(('127.0.0.1', 0))
u.sendto(b'datagram', u.getsockname())
u.recvfrom(100)
c.connect(('127.0.0.1', 1))
conn.close()
c.close()
`;

/** Events with every payload as a plain Uint8Array: the engine keeps Node Buffers for arrivals, the import Uint8Arrays. */
const plain = (events: readonly EngineEvent[]) => events.map((e) => (e.kind === 'data' && e.payload ? { ...e, payload: new Uint8Array(e.payload) } : e));

const text = (log: Parameters<typeof jsonlLines>[0], names?: Map<number, string[]>) => [...jsonlLines(log, { names })].join('');

describe('JSON lines export and import', () => {
  it('gives back the log, event for event and payload for payload', async () => {
    session = new Session();
    await runScript(session, SCRIPT, { allowErrors: true });
    const log = session.engine.log;
    const out = text(log, sessionNames(session));
    const lines = out.trimEnd().split('\n');
    expect(lines).toHaveLength(log.length + 1);
    const header = JSON.parse(lines[0]);
    expect(header).toMatchObject({ format: LOG_FORMAT, version: 1, app: 'socket-playground', clockStartMs: log.clockStartMs, totals: log.totals });
    expect(new Date(header.clockStart).getTime()).toBe(log.clockStartMs);
    const byName = (n: string) => header.sockets.find((s: { names: string[] }) => s.names.includes(n));
    expect(byName('srv')).toMatchObject({ family: 'AF_INET', type: 'SOCK_STREAM', local: expect.stringMatching(/^\('127\.0\.0\.1', \d+\)$/), listener: null });
    expect(byName('conn')).toMatchObject({ family: 'AF_INET', type: 'SOCK_STREAM', listener: byName('srv').id, remote: byName('c').local });
    expect(byName('u')).toMatchObject({ family: 'AF_INET', type: 'SOCK_DGRAM' });

    const back = parseJsonl(out);
    expect(back.length).toBe(log.length);
    expect(plain(back.all())).toEqual(plain(log.all()));
    expect(plain(back.window(5, 7))).toEqual(plain(log.window(5, 7)));
    expect(plain([back.at(log.length - 1)])).toEqual(plain(log.window(log.length, 1)));
    expect(back.totals).toEqual(log.totals);
    expect(back.clockStartMs).toBe(log.clockStartMs);
    for (let i = 0; i < log.length; i++) expect(back.classify(i)).toBe(log.classify(i));
    const big = back.all().find((e) => e.kind === 'data' && e.size === 10240)!;
    expect(big.kind === 'data' && big.payload instanceof Uint8Array).toBe(true);
    // Offline, the capture is the same to the byte: the names travel in the header.
    const pcap = (l: Parameters<typeof pcapngBlocks>[0], names?: Map<number, string[]>) => Buffer.concat([...pcapngBlocks(l, { names })]);
    expect(pcap(back).equals(pcap(log, sessionNames(session)))).toBe(true);
  });

  it('keeps a capped log as it is: sizes, dropped markers and totals', async () => {
    session = new Session({ retainPayloadBytes: 100 });
    await runScript(session, SCRIPT, { allowErrors: true });
    const log = session.engine.log;
    expect(log.totals.droppedPayloadEvents).toBeGreaterThan(0);
    const file = path.join(dir, 'capped.jsonl');
    writeChunksToFile(file, jsonlLines(log));
    const back = await readJsonlFile(file);
    expect(back).toBeInstanceOf(ImportedLog);
    expect(plain(back.all())).toEqual(plain(log.all()));
    expect(back.totals).toEqual(log.totals);
    expect(back.retainPayloadBytes).toBe(100);
    const dropped = back.all().filter((e) => e.kind === 'data' && e.dropped);
    expect(dropped.length).toBe(log.totals.droppedPayloadEvents);
    expect(dropped.every((e) => e.kind === 'data' && e.payload === undefined && e.size > 0)).toBe(true);
  });

  it('refuses broken files with the line that is wrong', async () => {
    session = new Session();
    await runScript(session, "import socket\nc = socket.socket()\nc.close()\n");
    const good = text(session.engine.log).trimEnd().split('\n');
    const refuse = (lines: string[]) => {
      try {
        parseJsonl(lines.length ? lines.join('\n') + '\n' : '');
      } catch (e) {
        expect(e).toBeInstanceOf(LogImportError);
        return (e as Error).message;
      }
      throw new Error('accepted');
    };
    expect(refuse([])).toMatch(/^line 1: the file is empty/);
    expect(refuse(['{"format": "pcap"}', ...good.slice(1)])).toMatch(/^line 1: not a Socket Playground log export/);
    expect(refuse([good[0].replace('"version":1', '"version":9'), ...good.slice(1)])).toMatch(/^line 1: log format version 9/);
    expect(refuse([good[0], good[1], '{not json', ...good.slice(3)])).toMatch(/^line 3: not JSON/);
    expect(refuse([good[0], good[2], good[1], ...good.slice(3)])).toMatch(/^line 2: event seq 2 where 1 was expected/);
    expect(refuse([good[0], good[1], '{"seq": 2, "kind": "nonsense"}'])).toMatch(/^line 3: not a log event: /);
    expect(refuse(good.slice(0, -1))).toMatch(new RegExp(`^line ${good.length - 1}: the file ends after ${good.length - 2} events where the header says ${good.length - 1}`));
    expect(refuse([good[0], '', ...good.slice(1)])).toMatch(/^line 2: empty line/);

    session.dispose();
    session = new Session();
    await runScript(session, "import socket\nu = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)\nu.bind(('127.0.0.1', 0))\nu.sendto(b'abc', u.getsockname())\n");
    const udp = text(session.engine.log).trimEnd().split('\n');
    const at = udp.findIndex((l) => l.includes('"payload":"YWJj"'));
    expect(refuse(udp.map((l, i) => (i === at ? l.replace('"YWJj"', '"YW!j"') : l)))).toBe(`line ${at + 1}: payload is not base64`);
    expect(refuse(udp.map((l, i) => (i === at ? l.replace('"YWJj"', '"YWJjZA=="') : l)))).toBe(`line ${at + 1}: payload has 4 bytes where size says 3`);
    expect(refuse(udp.map((l, i) => (i === at ? l.replace('"payload":"YWJj"', '"dropped":false') : l)))).toMatch(new RegExp(`^line ${at + 1}: a data event without its payload`));
    expect(refuse(udp.map((l, i) => (i === 0 ? l.replace(/"bytesOut":\d+/, '"bytesOut":99') : l)))).toBe('line 1: header totals say bytesOut 99, the events add up to 3');
  });
});
