// Writing the exports: to a file (the command line) or to an HTTP response
// (browser mode's downloads), a chunk at a time, and the console names of a
// session's sockets for their comments.
import fs from 'node:fs';
import type { Writable } from 'node:stream';
import type { Session } from '../engine/session';
import { PySocket } from '../engine/pysocket';

/** Bytes gathered before one write to a file. */
const FILE_BATCH_BYTES = 1024 * 1024;

/** The console names of each socket of a session (globals holding it), as the exports show them. */
export function sessionNames(session: Session): Map<number, string[]> {
  const names = new Map<number, string[]>();
  for (const [name, value] of session.interpreter.globals) {
    if (!(value instanceof PySocket)) continue;
    names.set(value.sock.id, [...(names.get(value.sock.id) ?? []), name]);
  }
  return names;
}

function asBuffer(chunk: string | Uint8Array): Buffer {
  return typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
}

/** Writes the chunks to `file` (created or truncated). Throws the file system's error. */
export function writeChunksToFile(file: string, chunks: Iterable<string | Uint8Array>): void {
  const fd = fs.openSync(file, 'w');
  try {
    let batch: Buffer[] = [];
    let size = 0;
    const flush = () => {
      const all = Buffer.concat(batch, size);
      for (let o = 0; o < all.length; ) o += fs.writeSync(fd, all, o);
      batch = [];
      size = 0;
    };
    for (const c of chunks) {
      const b = asBuffer(c);
      batch.push(b);
      size += b.length;
      if (size >= FILE_BATCH_BYTES) flush();
    }
    flush();
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Writes the chunks to a stream, waiting for 'drain' when it is full; stops
 * early (resolving false) when the stream closes first (a cancelled download).
 */
export async function streamChunks(out: Writable, chunks: Iterable<string | Uint8Array>): Promise<boolean> {
  for (const c of chunks) {
    if (out.destroyed || out.writableEnded) return false;
    if (!out.write(asBuffer(c))) {
      const open = await new Promise<boolean>((resolve) => {
        const done = (ok: boolean) => {
          out.off('drain', onDrain);
          out.off('close', onClose);
          resolve(ok);
        };
        const onDrain = () => done(true);
        const onClose = () => done(false);
        out.on('drain', onDrain);
        out.on('close', onClose);
      });
      if (!open) return false;
    }
  }
  out.end();
  return true;
}
