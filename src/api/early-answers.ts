/**
 * Answers asked for before the app's scripts ran (src/early-read.ts: the demo accounts, the server's profiles,
 * the list's first ReadSnapshots), each found by the key of the request that would have asked for it and taken
 * once: the first read's client (client.ts) and the connection's first queries (sandbox.ts) use them instead of
 * sending the same request again. No DOM, no zod: src/early-read.ts runs before either has arrived.
 */
export type EarlyAnswers = (key: string) => Promise<Response> | undefined;

/** A GET of `url` (the demo accounts, the profiles). */
export const getKey = (url: string): string => `GET ${url}`;

/**
 * A call to the OUTSCALE API: whose keys (the access key, never the secret), where it is signed for and sent,
 * and its very body, so that only the same call, byte for byte, is answered by an early answer.
 */
export const callKey = (target: { endpoint: string; via?: string; accessKey?: string }, action: string, body: string): string =>
  ['POST', target.accessKey ?? '', target.endpoint, target.via ?? '', action, body].join('\n');
