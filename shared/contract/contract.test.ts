// The contract's own pieces: base64 round trips and what the schemas refuse.
import { describe, expect, it } from 'vitest';
import { decodeBase64, encodeBase64 } from './base64';
import { MAX_SOURCE_CHARS, requests, RequestEnvelope, ServerEvent } from './contract';

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
