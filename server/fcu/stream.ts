/**
 * FCU answers written in pieces: an unpaged DescribeSnapshots of 50,000 snapshots is 21 MB of XML, which must
 * not be built in one go while every other client waits. The action gives the inside of its answer (after
 * `<requestId>`) as XML pieces; the writer adds the same envelope as `responseXml`, so the bytes are those of
 * the answer built at once. Between pieces the action waits for its turn (`takeTurn()`, the queue the
 * OUTSCALE face's long reads share), and the next piece is made when the socket has drained (back-pressure).
 */
import type { ServerResponse } from 'node:http';
import { drained } from '../osc/streamed';
import { responseHead } from './xml';

export class FcuStream {
  /**
   * `pieces` yields the answer's inner XML in order. The first piece is awaited before anything is sent, so an
   * error there (an FcuError) is still answered as EC2 error XML; an error in a later piece cuts the connection,
   * so that no client takes half an answer for a whole one.
   */
  constructor(readonly pieces: AsyncIterable<string>) {}
}

/**
 * Writes `<?xml…?><ActionResponse …><requestId>…</requestId>{pieces…}</ActionResponse>`, chunked, with the
 * same headers as a whole answer but for its length. Resolves when the answer has been written or the client
 * went away (the pieces are then stopped); rejects, after cutting the connection, when a later piece fails.
 */
export async function writeFcuStream(res: ServerResponse, action: string, requestId: string, stream: FcuStream): Promise<void> {
  const iterator = stream.pieces[Symbol.asyncIterator]();
  // Before the head: an error here is thrown to the caller, which answers it as EC2 error XML.
  let next = await iterator.next();
  res.writeHead(200, { 'content-type': 'text/xml;charset=UTF-8', 'cache-control': 'no-store' });
  try {
    let piece = responseHead(action, requestId);
    while (!next.done) {
      if (res.destroyed) {
        // The client went away: stop reading.
        await iterator.return?.();
        return;
      }
      piece += next.value;
      if (!res.write(piece)) await drained(res);
      piece = '';
      next = await iterator.next();
    }
    res.end(`${piece}</${action}Response>`);
  } catch (error) {
    res.destroy();
    throw error;
  }
}
