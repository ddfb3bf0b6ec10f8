// The contract's own pieces: base64 round trips and what the schemas refuse.
import { describe, expect, it } from 'vitest';
import { decodeBase64, encodeBase64 } from './base64';
import { checkDataEvent, MAX_SOURCE_CHARS, parseServerMessage, requests, RequestEnvelope, ServerEvent, ServerMessage, WireDataEvent } from './contract';

describe('base64', () => {
  it('round-trips every length and byte value, matching Node', () => {
    for (let n = 0; n < 300; n++) {
      const bytes = Uint8Array.from({ length: n }, (_, i) => (i * 97 + n) & 255);
      const text = encodeBase64(bytes);
      expect(text).toBe(Buffer.from(bytes).toString('base64'));
      expect(decodeBase64(text)).toEqual(bytes);
    }
  });

  it('refuses what is not padded base64', () => {
    expect(() => decodeBase64('abc')).toThrow();
    expect(() => decodeBase64('ab!d')).toThrow();
    expect(() => decodeBase64('a=bc')).toThrow();
  });
});

describe('schemas', () => {
  it('refuses unknown keys, oversize input and out-of-range numbers', () => {
    expect(RequestEnvelope.safeParse({ id: 1, method: 'run', params: {}, x: 1 }).success).toBe(false);
    expect(RequestEnvelope.safeParse({ id: -1, method: 'run' }).success).toBe(false);
    expect(requests.run.params.safeParse({ source: 'x'.repeat(MAX_SOURCE_CHARS + 1) }).success).toBe(false);
    expect(requests.run.params.safeParse({ source: 'x = 1', stepTimeout: null }).success).toBe(true);
    expect(requests.logWindow.params.safeParse({ fromSeq: 1, count: 1e9 }).success).toBe(false);
  });

  it('describes batches with skipped ranges', () => {
    const batch = { event: 'batch', entries: [{ kind: 'skipped', fromSeq: 3, toSeq: 9, events: 7, bytes: 100 }] };
    expect(ServerEvent.parse(batch)).toEqual(batch);
  });
});

describe('the fast check of data events', () => {
  const valid = { seq: 7, t: 1234.5, socket: 3, kind: 'data', direction: 'in', size: 16, payload: 'MDEyMzQ1Njc4OWFiY2RlZg==', peer: "('127.0.0.1', 5000)" };
  const odd: unknown[] = [undefined, null, 0, -1, 1, 2.5, NaN, Infinity, -Infinity, 2 ** 53, -(2 ** 53), 1e300, '', 'x', 'in', 'out', 'data', 'call', true, false, {}, [], [1]];
  const keys = ['seq', 't', 'socket', 'kind', 'direction', 'size', 'payload', 'dropped', 'payloadOmitted', 'peer', 'discarded', 'extra'];

  it('accepts and refuses exactly what the schema does, and returns what it returns', () => {
    const cases: unknown[] = [valid, null, 'data', [valid], { ...valid, payload: undefined }];
    for (const k of keys) for (const v of odd) cases.push({ ...valid, [k]: v });
    // Pairs of changes, so that one bad field cannot hide another check's mistake.
    for (let i = 0; i < 3000; i++) {
      const x: Record<string, unknown> = { ...valid };
      for (let j = 0; j < 2; j++) x[keys[(i * 7 + j * 5 + (i >> 3)) % keys.length]] = odd[(i * 13 + j * 11) % odd.length];
      cases.push(x);
    }
    for (const x of cases) {
      const schema = WireDataEvent.safeParse(x);
      expect(checkDataEvent(x), JSON.stringify(x)).toEqual(schema.success ? schema.data : null);
    }
  });

  it('parses batches as the schema does, mixing data with other events', () => {
    const call = { seq: 8, t: 1, socket: null, kind: 'call', phase: 'start', call: 'a.recv(1)', method: 'recv' };
    const skipped = { kind: 'skipped', fromSeq: 9, toSeq: 12, events: 4, bytes: 10 };
    for (const entries of [[valid, call, skipped], [valid, { ...valid, size: 'x' }], [{ ...call, phase: 'x' }], [], 'nope']) {
      const batch = { event: 'batch', entries };
      const schema = ServerMessage.safeParse(batch);
      expect(parseServerMessage(batch)).toEqual(schema.success ? schema.data : null);
    }
    expect(parseServerMessage({ id: 1, ok: true, result: {} })).toEqual(ServerMessage.parse({ id: 1, ok: true, result: {} }));
    expect(parseServerMessage({ id: 'x' })).toBeNull();
  });
});
