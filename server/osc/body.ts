/** A request's body, read up to a limit: OUTSCALE's errors for a longer one or one that cannot be read (each face says them its way). */
import type { IncomingMessage } from 'node:http';
import { oscErrors } from './errors';

export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > limit) {
      reject(oscErrors.bodyTooLarge(`The request body exceeds ${limit} bytes.`));
      req.resume();
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let failed = false;
    req.on('data', (chunk: Buffer) => {
      if (failed) return;
      size += chunk.length;
      if (size > limit) {
        failed = true;
        reject(oscErrors.bodyTooLarge(`The request body exceeds ${limit} bytes.`));
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (!failed) resolve(Buffer.concat(chunks));
    });
    req.on('error', () => {
      if (!failed) reject(oscErrors.unreadableBody('The request body could not be read.'));
    });
  });
}
