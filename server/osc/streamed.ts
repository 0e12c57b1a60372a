/**
 * Answers written in pieces: a long read (ReadSnapshots of 50,000 snapshots is 18 MB of JSON) must not hold the
 * event loop while it is built, nor hold the whole text in memory. The model gives the members of the answer
 * object as text pieces; between pieces the other requests run, and a slow client slows only its own answer
 * (back-pressure: the next piece is made when the socket has drained).
 */
import type { OutgoingHttpHeaders, ServerResponse } from 'node:http';

const NO_PIECES: AsyncIterable<string> = { [Symbol.asyncIterator]: () => ({ next: () => Promise.resolve({ done: true, value: undefined }) }) };

export class StreamedAnswer {
  /**
   * `pieces` yields the answer object's members as JSON text, without the braces (e.g. `"Snapshots":[…`), in
   * order; `ResponseContext` is added after them. A piece may throw: before the first piece is written the
   * caller answers an error; after it, the connection is cut, so the client never takes a half answer as whole.
   * `whole`, when the model already has every piece, is their concatenation: it is sent at once with its length.
   */
  constructor(
    readonly pieces: AsyncIterable<string>,
    readonly whole?: string,
  ) {}

  static of(text: string): StreamedAnswer {
    return new StreamedAnswer(NO_PIECES, text);
  }
}

const waiting: (() => void)[] = [];
let turning = false;

function giveTurn(): void {
  waiting.shift()?.();
  if (waiting.length > 0) setImmediate(giveTurn);
  else turning = false;
}

/**
 * Resolves on a later turn of the event loop, one waiter per turn, first come first served: however many
 * long answers are being written, each turn runs at most one of their batches, and the requests that arrived
 * meanwhile are read and answered in between (I/O callbacks run before the turn's setImmediate callbacks).
 */
export function takeTurn(): Promise<void> {
  return new Promise((resolve) => {
    waiting.push(resolve);
    if (!turning) {
      turning = true;
      setImmediate(giveTurn);
    }
  });
}

/** Resolves when the socket can take more, or the client has gone (then at once if it is already gone). */
export function drained(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    if (res.destroyed) return resolve();
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}

/**
 * Writes `{pieces…,"ResponseContext":…}` with the given status and headers (chunked unless `whole`, which adds
 * content-length to `headers`: the caller gives a headers object of its own).
 */
export async function writeStreamed(
  res: ServerResponse,
  status: number,
  headers: OutgoingHttpHeaders,
  answer: StreamedAnswer,
  responseContext: object,
): Promise<void> {
  const tail = `${answer.whole === '' ? '' : ','}"ResponseContext":${JSON.stringify(responseContext)}}`;
  if (answer.whole !== undefined) {
    const payload = `{${answer.whole}${tail}`;
    headers['content-length'] = Buffer.byteLength(payload);
    res.writeHead(status, headers);
    res.end(payload);
    return;
  }
  const iterator = answer.pieces[Symbol.asyncIterator]();
  // The first piece comes before the head: an error there is still answered as an error.
  let next = await iterator.next();
  res.writeHead(status, headers);
  let empty = true;
  try {
    res.write('{');
    while (!next.done) {
      if (next.value) empty = false;
      if (!res.write(next.value)) await drained(res);
      if (res.destroyed) {
        await iterator.return?.();
        return;
      }
      next = await iterator.next();
    }
    res.end(`${empty ? '' : ','}"ResponseContext":${JSON.stringify(responseContext)}}`);
  } catch (error) {
    res.destroy();
    throw error;
  }
}
