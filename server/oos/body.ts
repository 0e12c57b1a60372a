/**
 * The bytes of an object, generated rather than stored: an object stands for a disk image, so GET returns a
 * deterministic body of the recorded size. Byte i is a function of the object's identity and i alone (a 4 KiB block
 * repeated, opening with a line that says what the object stands for), so any Range reads the same bytes as the
 * whole body. Written with backpressure, 64 KiB at a time; stops when the client goes away.
 */
import { createHash } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import type { OosObject } from './tables';

const BLOCK = 4096;
const CHUNK = 64 * 1024;

/** The repeating block of an object, twice as long as a chunk plus a block so any chunk is one slice of it. */
export function objectTile(object: Pick<OosObject, 'region' | 'bucket' | 'key' | 'etag' | 'size' | 'sourceSnapshotId'>): Buffer {
  const label = Buffer.from(
    `OUTSCALE OOS sandbox object ${object.bucket}/${object.key} (${object.region}), ${object.size} bytes, ` +
      `standing for ${object.sourceSnapshotId ? `an export of ${object.sourceSnapshotId}` : 'an uploaded file'}; not a disk image.\n`,
    'utf8',
  ).subarray(0, BLOCK / 2);
  const block = Buffer.alloc(BLOCK);
  label.copy(block);
  const seed = createHash('sha256').update(`${object.region}\n${object.bucket}\n${object.key}\n${object.etag}`).digest();
  for (let at = label.length, n = 0; at < BLOCK; n += 1) {
    const piece = createHash('sha256').update(seed).update(String(n)).digest();
    at += piece.copy(block, at);
  }
  const tile = Buffer.alloc(CHUNK + BLOCK);
  for (let at = 0; at < tile.length; at += BLOCK) block.copy(tile, at);
  return tile;
}

/** Bytes [start, end] (inclusive) of the object, as a Buffer: for tests and small reads. */
export function objectBytes(tile: Buffer, start: number, end: number): Buffer {
  const out = Buffer.alloc(Math.max(0, end - start + 1));
  for (let at = 0; at < out.length; ) {
    const offset = (start + at) % BLOCK;
    at += tile.copy(out, at, offset, offset + Math.min(CHUNK, out.length - at));
  }
  return out;
}

/** Streams bytes [start, end] (inclusive) to the response, then ends it. */
export function writeObjectBytes(res: ServerResponse, tile: Buffer, start: number, end: number): void {
  let position = start;
  let gone = false;
  res.on('close', () => {
    gone = true;
  });
  const pump = () => {
    while (!gone && position <= end) {
      const length = Math.min(CHUNK, end - position + 1);
      const offset = position % BLOCK;
      position += length;
      if (!res.write(tile.subarray(offset, offset + length))) {
        res.once('drain', pump);
        return;
      }
    }
    if (!gone) res.end();
  };
  pump();
}
