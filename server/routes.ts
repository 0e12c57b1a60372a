/**
 * Every route of the server, at a glance. A request belongs to the first face whose prefix its path matches, and
 * is answered in that face's format whatever happens (errors included); within the face, the first route whose
 * path and method match serves it. A path of the face that no route serves, or a method a route does not take,
 * goes to the face's `miss`. app.ts runs the checks before any route (Host, access token, sandbox off) and wires
 * each `serve` name to its function.
 *
 * A Region's own endpoints (`/{region}/api/v1/…`, `/{region}/fcu/`, as `https://api.{region}.outscale.com/api/v1`
 * and `https://fcu.{region}.outscale.com/`) belong to the same faces: `regionOfPath` names the Region, the request
 * pipeline checks that the signature and the key's account are of that Region. The Region-less `/api/v1/…` and
 * `/fcu/` stand for the key's account's Region.
 *
 * credential: `signature` = SigV4 checked by the request pipeline (pipeline.ts, per call: ReadRegions and CORS
 * preflights need none); `token` = the access token when the server has one (cloud/security.ts).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

export type FaceName = 'api' | 'fcu' | 'sandbox' | 'cloud' | 'page';

export const FACES: readonly { face: FaceName; prefix: RegExp; credential: 'signature' | 'token'; sandbox: boolean; miss: ServeName }[] = [
  { face: 'api', prefix: /^\/api(?:\/|$)/, credential: 'signature', sandbox: true, miss: 'apiMiss' },
  { face: 'fcu', prefix: /^\/fcu(?:\/|$)/, credential: 'signature', sandbox: true, miss: 'fcuMiss' },
  { face: 'sandbox', prefix: /^\/sandbox(?:\/|$)/, credential: 'token', sandbox: true, miss: 'sandboxMiss' },
  { face: 'cloud', prefix: /^\/(?:profiles|passthrough)(?:\/|$)/, credential: 'token', sandbox: false, miss: 'cloudMiss' },
  { face: 'api', prefix: /^\/[a-z]+(?:-[a-z]+)*-\d+\/api(?:\/|$)/, credential: 'signature', sandbox: true, miss: 'apiMiss' },
  { face: 'fcu', prefix: /^\/[a-z]+(?:-[a-z]+)*-\d+\/fcu(?:\/|$)/, credential: 'signature', sandbox: true, miss: 'fcuMiss' },
  { face: 'page', prefix: /^\//, credential: 'token', sandbox: false, miss: 'pageMiss' },
];

//  face       methods          path (pattern)                                 serve          what
export const ROUTES = [
  route('api', ['OPTIONS'], /^\/api(?:\/.*)?$/, 'apiPreflight'), //            CORS preflight, any /api path
  route('api', ['POST'], /^\/api\/(?:v1|latest)\/([^/]*)\/?$/, 'api'), //     /api/v1/{Action}, /api/latest/{Action}
  route('fcu', ['GET', 'POST'], /^\/fcu\/?$/, 'fcu'), //                       /fcu/?Action=… (EC2 Query)
  route('api', ['OPTIONS'], /^\/[a-z]+(?:-[a-z]+)*-\d+\/api(?:\/.*)?$/, 'apiPreflight'), // CORS preflight at a Region's endpoint
  route('api', ['POST'], /^\/[a-z]+(?:-[a-z]+)*-\d+\/api\/(?:v1|latest)\/([^/]*)\/?$/, 'regionApi'), // /{region}/api/v1/{Action}
  route('fcu', ['GET', 'POST'], /^\/[a-z]+(?:-[a-z]+)*-\d+\/fcu\/?$/, 'regionFcu'), // /{region}/fcu/?Action=…
  route('sandbox', ['GET'], /^\/sandbox\/accounts$/, 'demoAccounts'), //      the demo credentials
  route('sandbox', ['POST'], /^\/sandbox\/reset$/, 'reset'), //               wipe and seed again
  route('sandbox', ['POST'], /^\/sandbox\/faults$/, 'faults'), //             {"throttleNext": N}
  route('cloud', ['GET'], /^\/profiles$/, 'profiles'), //                     profile names, Regions, account IDs
  route('cloud', ['POST'], /^\/profiles\/([^/]+)\/api\/(?:v1|latest)\/([A-Za-z]+)$/, 'viaProfile'), // signed here
  route('cloud', ['POST'], /^\/profiles\/([^/]+)\/oos-sign$/, 'oosSign'), //          an OOS request signed here
  route('cloud', ['POST'], /^\/passthrough\/([^/]+)\/api\/(?:v1|latest)\/([A-Za-z]+)$/, 'passThrough'), // as the browser signed
  route('page', ['GET', 'HEAD'], /^\//, 'page'), //                            the built dashboard (dist/)
] as const;

export type ServeName = (typeof ROUTES)[number]['serve'] | 'apiMiss' | 'fcuMiss' | 'sandboxMiss' | 'cloudMiss' | 'pageMiss';

function route<S extends string>(face: FaceName, methods: readonly string[], path: RegExp, serve: S) {
  return { face, methods, path, serve };
}

/**
 * A route's function: `match` is its path's match (a miss gets the path alone); `allowed`, for a miss on a path a
 * route serves with other methods, lists those methods.
 */
export type Serve = (req: IncomingMessage, res: ServerResponse, url: URL, match: RegExpExecArray, allowed?: readonly string[]) => void | Promise<void>;

export interface Routed {
  face: (typeof FACES)[number];
  serve: ServeName;
  match: RegExpExecArray;
  allowed?: readonly string[];
}

const WHOLE = /^.*$/s;

/** The Region a path's endpoint names (`/eu-west-2/api/v1/…` → eu-west-2); undefined for the Region-less endpoints. */
export function regionOfPath(pathname: string): string | undefined {
  return /^\/([a-z]+(?:-[a-z]+)*-\d+)\/(?:api|fcu)(?:\/|$)/.exec(pathname)?.[1];
}

/** The face and the route (or the face's miss) of a request. */
export function routeOf(method: string, pathname: string): Routed {
  const face = FACES.find((f) => f.prefix.test(pathname)) ?? FACES[FACES.length - 1]!;
  let allowed: string[] | undefined;
  for (const r of ROUTES) {
    if (r.face !== face.face) continue;
    const match = r.path.exec(pathname);
    if (!match) continue;
    if (r.methods.includes(method)) return { face, serve: r.serve, match };
    if (r.methods[0] !== 'OPTIONS') (allowed ??= []).push(...r.methods);
  }
  return { face, serve: face.miss, match: WHOLE.exec(pathname)!, ...(allowed ? { allowed } : {}) };
}
