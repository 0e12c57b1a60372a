/**
 * fast-check generators of requests for both API faces: validly signed requests with odd parameters (so that
 * the model is reached), and hostile ones (unsigned, garbage or tampered signatures, odd methods, paths and
 * Host headers). A generated case is plain data; `build*` turns it into the exact bytes to send, signing it
 * at send time with the demo keys that the server lists (GET /sandbox/accounts: a server started by main.ts
 * refuses the published constants).
 */
import fc from 'fast-check';
import { SNAPSHOT_ID_PATTERN, VOLUME_ID_PATTERN } from '../../src/api/ids';
import { CLIENT_TOKEN_MAX, DESCRIPTION_MAX, RESULTS_PER_PAGE_MAX } from '../../src/api/limits';
import { DEMO_OPERATOR, DEMO_PARTNER } from '../model/seed';
import { amzTimestamp, signRequest, type Algorithm } from '../osc/sigv4';
import type { DemoKeys, RawRequest } from './harness';

export interface Reference {
  snapshotIds: string[];
  volumeIds: string[];
  accountIds: string[];
}

/**
 * Arbitraries are built once per reference data set and reused: building them (regular expressions,
 * nested records) costs far more than drawing a value, and `chain` would rebuild them for every case.
 */
const built = new WeakMap<Reference, Map<string, fc.Arbitrary<unknown>>>();
function cached<T>(ref: Reference, key: string, make: () => fc.Arbitrary<T>): fc.Arbitrary<T> {
  let byKey = built.get(ref);
  if (!byKey) built.set(ref, (byKey = new Map()));
  let arbitrary = byKey.get(key);
  if (!arbitrary) byKey.set(key, (arbitrary = make()));
  return arbitrary as fc.Arbitrary<T>;
}

const SPECIAL = [
  '\u0000', '\u0001', '\u0008', '\u000b', '\u000c', '\u001b', '\u001f', '\u007f', '\u0085', '\ud800', '\udfff', '\ufffe',
  '\uffff', '\u2028', '\u202e', '\ufeff', '😀', 'é', '<', '>', '&', '"', "'", ']]>', '%', '%ZZ', '%00', '+', '=', '&amp;',
  '\\', '/', '..', '\r\n', '\n', '\t', ' ', '*', '?', '#', ';', ',', 'tag:', '${x}', '<![CDATA[',
];

const oddChar = fc.oneof(
  { weight: 6, arbitrary: fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 1 }) },
  { weight: 3, arbitrary: fc.constantFrom(...SPECIAL) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }) },
);

export function oddString(ref: Reference): fc.Arbitrary<string> {
  return cached(ref, 'oddString', () => {
  return fc.oneof(
    { weight: 10, arbitrary: fc.string({ unit: oddChar, maxLength: 24 }) },
    { weight: 4, arbitrary: fc.constantFrom(...ref.snapshotIds, ...ref.volumeIds, ...ref.accountIds) },
    { weight: 2, arbitrary: fc.constantFrom('', ' ', 'snap-', 'snap-00000000', 'snap-ZZZZZZZZ', 'vol-00000000', 'self', 'all', 'eu-west-2') },
    { weight: 2, arbitrary: fc.integer({ min: 50, max: 300 }).map((n) => 'x'.repeat(n)) },
    { weight: 1, arbitrary: fc.integer({ min: 1000, max: 5000 }).chain((n) => oddChar.map((c) => c.repeat(n))) },
  );
  });
}

function snapshotId(ref: Reference) {
  return cached(ref, 'snapshotId', () => {
  return fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom(...ref.snapshotIds) },
    { weight: 1, arbitrary: fc.stringMatching(SNAPSHOT_ID_PATTERN) },
    { weight: 1, arbitrary: oddString(ref) },
  );
  });
}

function volumeId(ref: Reference) {
  return cached(ref, 'volumeId', () => {
  return fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...ref.volumeIds) },
    { weight: 1, arbitrary: fc.stringMatching(VOLUME_ID_PATTERN) },
    { weight: 1, arbitrary: oddString(ref) },
  );
  });
}

const region = (ref: Reference) =>
  cached(ref, 'region', () => fc.oneof({ weight: 6, arbitrary: fc.constant('eu-west-2') }, { weight: 1, arbitrary: fc.constantFrom('us-east-2', 'cloudgouv-eu-west-1', 'EU-WEST-2') }, { weight: 1, arbitrary: oddString(ref) }));

const number = fc.oneof(
  fc.integer({ min: -2, max: 1002 }),
  fc.constantFrom(0, -0, 1.5, 2 ** 31, 2 ** 53 + 2, 1e308, -1e308, Number.MAX_SAFE_INTEGER),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
);

/** Any JSON value, weighted towards strings and small shapes. */
export function jsonValue(ref: Reference): fc.Arbitrary<unknown> {
  return cached(ref, 'jsonValue', () => {
  const scalar = fc.oneof(oddString(ref), number, fc.boolean(), fc.constant(null));
  return fc.letrec<{ value: unknown }>((tie) => ({
    value: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      scalar,
      fc.array(tie('value'), { maxLength: 4 }),
      fc.dictionary(fc.oneof(fc.constantFrom('Key', 'Value', 'AccountIds', 'GlobalPermission', 'Additions', 'Removals'), oddString(ref)), tie('value'), { maxKeys: 4 }),
    ),
  })).value;
  });
}

function maybeOdd<T>(ref: Reference, plausible: fc.Arbitrary<T>): fc.Arbitrary<unknown> {
  return fc.oneof({ weight: 6, arbitrary: plausible }, { weight: 1, arbitrary: jsonValue(ref) });
}

function tagsValue(ref: Reference) {
  const tag = fc.record({ Key: oddString(ref), Value: oddString(ref) });
  return fc.oneof(
    { weight: 6, arbitrary: fc.array(tag, { maxLength: 6 }) },
    { weight: 1, arbitrary: fc.array(tag, { minLength: 45, maxLength: 60 }) },
    { weight: 1, arbitrary: jsonValue(ref) },
  );
}

const FILTER_NAMES = [
  'AccountAliases', 'AccountIds', 'ClientTokens', 'Descriptions', 'FromCreationDate', 'PermissionsToCreateVolumeAccountIds',
  'PermissionsToCreateVolumeGlobalPermission', 'Progresses', 'SnapshotIds', 'States', 'TagKeys', 'TagValues', 'Tags',
  'ToCreationDate', 'VolumeIds', 'VolumeSizes', 'CreationDates', 'LinkVolumeDeleteOnVmDeletion', 'LinkVolumeDeviceNames',
  'LinkVolumeLinkDates', 'LinkVolumeLinkStates', 'LinkVolumeVmIds', 'SubregionNames', 'VolumeStates', 'VolumeTypes',
  'RegionNames',
];

function filterValue(ref: Reference, name: string): fc.Arbitrary<unknown> {
  const strings = fc.array(oddString(ref), { maxLength: 5 });
  switch (name) {
    case 'SnapshotIds':
      return maybeOdd(ref, fc.array(snapshotId(ref), { maxLength: 5 }));
    case 'VolumeIds':
      return maybeOdd(ref, fc.array(volumeId(ref), { maxLength: 5 }));
    case 'AccountIds':
    case 'PermissionsToCreateVolumeAccountIds':
      return maybeOdd(ref, fc.array(fc.oneof(fc.constantFrom(...ref.accountIds), oddString(ref)), { maxLength: 3 }));
    case 'States':
    case 'VolumeStates':
      return maybeOdd(ref, fc.array(fc.oneof(fc.constantFrom('in-queue', 'pending', 'completed', 'error', 'deleting', 'available', 'in-use'), oddString(ref)), { maxLength: 3 }));
    case 'FromCreationDate':
    case 'ToCreationDate':
      return maybeOdd(ref, fc.oneof(fc.date({ noInvalidDate: true }).map((d) => d.toISOString()), fc.constantFrom('2026-01-01', '2026-13-45', '0000-00-00T00:00:00Z', '2026-01-01T00:00:00+25:00'), oddString(ref)));
    case 'Progresses':
    case 'VolumeSizes':
      return maybeOdd(ref, fc.array(number, { maxLength: 4 }));
    case 'PermissionsToCreateVolumeGlobalPermission':
    case 'LinkVolumeDeleteOnVmDeletion':
      return maybeOdd(ref, fc.boolean());
    case 'Tags':
      return fc.oneof(
        { weight: 6, arbitrary: fc.array(fc.oneof(fc.constantFrom('env=prod', 'Name=', '=prod', 'backup=daily', '=', 'a=b=c'), oddString(ref)), { maxLength: 5 }) },
        // Long tag lists: every size up to the body limit gets an answer, never a 5xx (issue 9, item 8).
        { weight: 1, arbitrary: fc.integer({ min: 300, max: 3000 }).map((n) => Array.from({ length: n }, (_, i) => `k${i}=v${i}`)) },
      );
    default:
      return fc.oneof(
        { weight: 8, arbitrary: maybeOdd(ref, strings) },
        { weight: 1, arbitrary: fc.integer({ min: 300, max: 3000 }).map((n) => Array.from({ length: n }, (_, i) => `v${i}`)) },
      );
  }
}

function filters(ref: Reference): fc.Arbitrary<unknown> {
  return cached(ref, 'filters', () => {
  return fc.oneof(
    { weight: 8, arbitrary: fc.subarray(FILTER_NAMES, { maxLength: 4 }).chain((names) => fc.tuple(...names.map((name) => filterValue(ref, name))).map((values) => Object.fromEntries(names.map((name, i) => [name, values[i]])))) },
    { weight: 1, arbitrary: jsonValue(ref) },
  );
  });
}

function permissions(ref: Reference) {
  const side = fc.record({ AccountIds: fc.array(fc.oneof(fc.constantFrom(...ref.accountIds), oddString(ref)), { maxLength: 3 }), GlobalPermission: fc.boolean() }, { requiredKeys: [] });
  return maybeOdd(ref, fc.record({ Additions: side, Removals: side }, { requiredKeys: [] }));
}

/** Plausible values for each OUTSCALE request parameter, with odd ones mixed in. */
function apiField(ref: Reference, name: string): fc.Arbitrary<unknown> {
  switch (name) {
    case 'DryRun':
      return maybeOdd(ref, fc.boolean());
    case 'ResultsPerPage':
      return maybeOdd(ref, fc.integer({ min: -1, max: 1001 }));
    case 'NextPageToken':
      return maybeOdd(ref, fc.oneof(fc.base64String({ maxLength: 80 }), oddString(ref)));
    case 'SourceSnapshotId':
    case 'SnapshotId':
      return maybeOdd(ref, snapshotId(ref));
    case 'VolumeId':
      return maybeOdd(ref, volumeId(ref));
    case 'SourceRegionName':
      return maybeOdd(ref, region(ref));
    case 'Description':
    case 'ClientToken':
    case 'FileLocation':
      return maybeOdd(ref, oddString(ref));
    case 'SnapshotSize':
      return maybeOdd(ref, number);
    case 'ResourceIds':
      return maybeOdd(ref, fc.array(fc.oneof(snapshotId(ref), volumeId(ref)), { maxLength: 4 }));
    case 'Tags':
      return tagsValue(ref);
    case 'PermissionsToCreateVolume':
      return permissions(ref);
    case 'Filters':
      return filters(ref);
    case 'OsuExport':
      return maybeOdd(
        ref,
        fc.record(
          {
            DiskImageFormat: fc.oneof(fc.constantFrom('qcow2', 'raw'), oddString(ref)),
            OsuBucket: fc.oneof(fc.constantFrom('fuzz-bucket', 'Not_A_Bucket'), oddString(ref)),
            OsuPrefix: oddString(ref),
          },
          { requiredKeys: [] },
        ),
      );
    default:
      return jsonValue(ref);
  }
}

export const API_ACTIONS = [
  'ReadSnapshots', 'CreateSnapshot', 'DeleteSnapshot', 'UpdateSnapshot', 'CreateTags', 'DeleteTags', 'ReadVolumes',
  'ReadAccounts', 'ReadRegions', 'ReadSubregions', 'CreateSnapshotExportTask', 'ReadSnapshotExportTasks',
] as const;

const ACTION_FIELDS: Record<string, string[]> = {
  ReadSnapshots: ['DryRun', 'Filters', 'NextPageToken', 'ResultsPerPage'],
  CreateSnapshot: ['SourceSnapshotId', 'SourceRegionName', 'Description', 'ClientToken', 'DryRun', 'VolumeId', 'FileLocation', 'SnapshotSize'],
  DeleteSnapshot: ['SnapshotId', 'DryRun'],
  UpdateSnapshot: ['SnapshotId', 'PermissionsToCreateVolume', 'DryRun'],
  CreateTags: ['ResourceIds', 'Tags', 'DryRun'],
  DeleteTags: ['ResourceIds', 'Tags', 'DryRun'],
  ReadVolumes: ['DryRun', 'Filters', 'NextPageToken', 'ResultsPerPage'],
  ReadAccounts: ['DryRun'],
  ReadRegions: ['DryRun'],
  ReadSubregions: ['DryRun', 'Filters', 'NextPageToken', 'ResultsPerPage'],
  CreateSnapshotExportTask: ['SnapshotId', 'OsuExport', 'DryRun'],
  ReadSnapshotExportTasks: ['DryRun', 'Filters', 'NextPageToken', 'ResultsPerPage'],
};

/** A JSON body for an action: mostly its own parameters (sometimes all the required ones), sometimes others. */
function apiBody(ref: Reference, action: string): fc.Arbitrary<string | Uint8Array> {
  return cached(ref, `apiBody ${Object.hasOwn(ACTION_FIELDS, action) ? action : '(other)'}`, () => {
  const own = Object.hasOwn(ACTION_FIELDS, action) ? ACTION_FIELDS[action]! : ['DryRun', 'Filters'];
  const names = fc.oneof(
    { weight: 6, arbitrary: fc.subarray(own) },
    { weight: 1, arbitrary: fc.subarray([...new Set([...own, 'Unknown', 'dryRun', '__proto__', 'constructor', 'SnapshotIds', 'Filters'])]) },
  );
  const structured = names.chain((list) =>
    fc.tuple(...list.map((name) => apiField(ref, name))).map((values) => {
      const body: Record<string, unknown> = {};
      // defineProperty, so that "__proto__" becomes a real key of the JSON text.
      list.forEach((name, i) => Object.defineProperty(body, name, { value: values[i], enumerable: true }));
      return JSON.stringify(body);
    }),
  );
  return fc.oneof(
    { weight: 30, arbitrary: structured },
    { weight: 20, arbitrary: validApiBody(ref, action) },
    { weight: 2, arbitrary: fc.json() },
    { weight: 2, arbitrary: fc.constantFrom('', ' ', 'null', '[]', '"x"', '1', 'true', '{', '{"DryRun":', '\ufeff{}', '{"a":1,"a":2}', '{}garbage', '{"DryRun":true}{"DryRun":false}') },
    { weight: 1, arbitrary: fc.integer({ min: 1000, max: 200_000 }).map((n) => `${'['.repeat(n)}${']'.repeat(n)}`) },
    { weight: 1, arbitrary: fc.integer({ min: 1000, max: 100_000 }).map((n) => `{"Filters":${'{"a":'.repeat(n)}1${'}'.repeat(n)}}`) },
    { weight: 2, arbitrary: fc.uint8Array({ maxLength: 64 }) },
    { weight: 1, arbitrary: fc.integer({ min: 500_000, max: 530_000 }).map((n) => JSON.stringify({ Description: 'd'.repeat(n) })) },
  );
  });
}

/** Short strings of odd characters, within the length limits, so that a call carrying them can succeed. */
function oddText(ref: Reference, max: number): fc.Arbitrary<string> {
  return cached(ref, `oddText ${max}`, () => {
  return fc.oneof(
    { weight: 4, arbitrary: fc.string({ unit: oddChar, minLength: 1, maxLength: Math.min(max, 30) }) },
    { weight: 1, arbitrary: oddString(ref).map((t) => t.slice(0, max)).filter((t) => t.length > 0) },
  );
  });
}

/**
 * A valid call of the action (so that it reaches the model and, for writes, stores something), carrying odd
 * text where OUTSCALE takes free text: descriptions, tokens, tag keys and values.
 */
function validApiBody(ref: Reference, action: string): fc.Arbitrary<string> {
  return cached(ref, `validApiBody ${Object.hasOwn(ACTION_FIELDS, action) ? action : '(other)'}`, () => {
  const id = snapshotId(ref);
  const tags = fc.array(fc.record({ Key: oddText(ref, 120), Value: oddText(ref, 250) }), { minLength: 1, maxLength: 3 });
  const dry = fc.oneof({ weight: 4, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: fc.boolean() });
  const body = ((): fc.Arbitrary<Record<string, unknown>> => {
    switch (action) {
      case 'CreateSnapshot':
        return fc.oneof(
          fc.record({ SourceSnapshotId: id, SourceRegionName: fc.constant('eu-west-2'), Description: oddText(ref, DESCRIPTION_MAX), ClientToken: oddText(ref, CLIENT_TOKEN_MAX), DryRun: dry }, { requiredKeys: ['SourceSnapshotId', 'SourceRegionName'] }),
          fc.record({ VolumeId: volumeId(ref), Description: oddText(ref, DESCRIPTION_MAX), DryRun: dry }, { requiredKeys: ['VolumeId'] }),
        );
      case 'DeleteSnapshot':
        return fc.record({ SnapshotId: id, DryRun: dry }, { requiredKeys: ['SnapshotId'] });
      case 'UpdateSnapshot':
        return fc.record({
          SnapshotId: id,
          PermissionsToCreateVolume: fc.record({ Additions: fc.record({ AccountIds: fc.subarray(ref.accountIds), GlobalPermission: fc.boolean() }, { requiredKeys: [] }), Removals: fc.record({ AccountIds: fc.subarray(ref.accountIds), GlobalPermission: fc.boolean() }, { requiredKeys: [] }) }, { requiredKeys: [] }),
          DryRun: dry,
        }, { requiredKeys: ['SnapshotId', 'PermissionsToCreateVolume'] });
      case 'CreateTags':
      case 'DeleteTags':
        return fc.record({ ResourceIds: fc.array(fc.oneof(id, volumeId(ref)), { minLength: 1, maxLength: 3 }), Tags: tags, DryRun: dry }, { requiredKeys: ['ResourceIds', 'Tags'] });
      case 'ReadSnapshots':
      case 'ReadVolumes':
        return fc.record({
          Filters: fc.oneof(
            fc.record({ SnapshotIds: fc.array(id, { maxLength: 3 }) }),
            fc.record({ VolumeIds: fc.array(volumeId(ref), { maxLength: 3 }) }),
            fc.record({ TagKeys: fc.array(oddText(ref, 120), { maxLength: 2 }) }),
            fc.record({ Tags: fc.array(fc.tuple(oddText(ref, 120), oddText(ref, 250)).map(([k, v]) => `${k}=${v}`), { maxLength: 2 }) }),
          ),
          ResultsPerPage: fc.integer({ min: 1, max: RESULTS_PER_PAGE_MAX }),
          DryRun: dry,
        }, { requiredKeys: [] });
      default:
        return fc.record({ DryRun: dry }, { requiredKeys: [] });
    }
  })();
  return body.map((value) => JSON.stringify(value));
  });
}

/** An action name in a path: a real one mostly, else something odd. */
function actionName(ref: Reference): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 12, arbitrary: fc.constantFrom(...API_ACTIONS) },
    { weight: 1, arbitrary: fc.constantFrom('readsnapshots', 'ReadSnapshots ', 'toString', '__proto__', 'constructor', 'hasOwnProperty', 'ReadSnapshots.json', 'CopySnapshot', '') },
    { weight: 1, arbitrary: oddString(ref).map((s) => s.slice(0, 1000)) },
  );
}

/** Percent-encodes what cannot travel raw in a request target; leaves every other odd character as it is. */
export function rawTarget(text: string): string {
  return [...text].map((c) => (/[\x21-\x7e]/.test(c) ? c : percent(c))).join('');
}

/** %XX of the UTF-8 bytes (a lone surrogate becomes U+FFFD's bytes). */
function percent(text: string): string {
  return [...Buffer.from(text, 'utf8')].map((b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`).join('');
}

function encodeSegment(name: string, mode: 'plain' | 'encoded' | 'raw'): string {
  if (mode === 'encoded') return [...name].map((c) => (/[A-Za-z0-9_.~-]/.test(c) ? c : percent(c))).join('');
  // Raw bytes beyond ASCII, spaces or control characters would break the request line before the app sees it.
  return rawTarget(name);
}

export interface ApiCase {
  account: 'operator' | 'partner';
  algorithm: Algorithm;
  service: string;
  version: 'v1' | 'latest';
  action: string;
  pathMode: 'plain' | 'encoded' | 'raw';
  trailingSlash: boolean;
  query: string;
  contentType: string | null;
  extraHeaders: [string, string][];
  signContentType: boolean;
  body: string | Uint8Array;
}

const contentType = fc.oneof(
  { weight: 6, arbitrary: fc.constant('application/json') },
  { weight: 1, arbitrary: fc.constantFrom('application/json; charset=utf-8', 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', '') },
  { weight: 1, arbitrary: fc.constant(null) },
);

const headerName = fc.stringMatching(/^[A-Za-z][A-Za-z0-9-]{0,20}$/).filter((n) => !/^(host|content-length|transfer-encoding|connection|authorization|expect|x-amz-date|x-osc-date|upgrade)$/i.test(n));
const headerValue = fc.string({ unit: fc.oneof(fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 1 }), fc.constant('\t')), maxLength: 40 }).map((v) => v.trim());

function extraHeaders(ref: Reference): fc.Arbitrary<[string, string][]> {
  return cached(ref, 'extraHeaders', () => extraHeadersOf(ref));
}

function extraHeadersOf(ref: Reference): fc.Arbitrary<[string, string][]> {
  const known: fc.Arbitrary<[string, string]> = fc.oneof(
    fc.tuple(fc.constant('origin'), fc.constantFrom('http://127.0.0.1:4173', 'https://evil.example', 'null', 'garbage')),
    fc.tuple(fc.constant('x-amz-content-sha256'), fc.constantFrom('UNSIGNED-PAYLOAD', 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855', 'garbage')),
    fc.tuple(fc.constant('accept-encoding'), fc.constantFrom('gzip', 'br', 'identity;q=0')),
    fc.tuple(fc.constant('x-forwarded-for'), fc.constantFrom('10.0.0.1', 'garbage')),
    fc.tuple(fc.constant('access-control-request-headers'), oddString(ref).map((v) => rawTarget(v.slice(0, 100)))),
    fc.tuple(fc.constant('cookie'), fc.constantFrom('snapshot_console_access=x', 'a=b')),
    fc.tuple(fc.constant('user-agent'), fc.constantFrom('aws-cli/2.0', 'osc-cli', '')),
    fc.tuple(headerName, headerValue),
  );
  return fc.oneof({ weight: 3, arbitrary: fc.constant<[string, string][]>([]) }, { weight: 1, arbitrary: fc.array(known, { maxLength: 3 }) });
}

/** A validly signed OUTSCALE API call with odd parameters. */
export function signedApiCase(ref: Reference): fc.Arbitrary<ApiCase> {
  return actionName(ref).chain((action) =>
    fc.record({
      account: fc.constantFrom('operator' as const, 'partner' as const),
      algorithm: fc.constantFrom<Algorithm>('AWS4-HMAC-SHA256', 'OSC4-HMAC-SHA256'),
      service: fc.constantFrom('api', 'oapi'),
      version: fc.constantFrom('v1' as const, 'latest' as const),
      action: fc.constant(action),
      pathMode: fc.constantFrom('plain' as const, 'plain' as const, 'plain' as const, 'encoded' as const, 'raw' as const),
      trailingSlash: fc.oneof({ weight: 6, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
      query: fc.oneof({ weight: 8, arbitrary: fc.constant('') }, { weight: 1, arbitrary: fc.constantFrom('?', '?a=1', '?Action=ReadSnapshots', '?x=%ZZ', '?a=1&a=2&=') }),
      contentType,
      extraHeaders: extraHeaders(ref),
      signContentType: fc.boolean(),
      body: apiBody(ref, action),
    }),
  );
}

export function apiPath(c: Pick<ApiCase, 'version' | 'action' | 'pathMode' | 'trailingSlash' | 'query'>): string {
  return `/api/${c.version}/${encodeSegment(c.action, c.pathMode)}${c.trailingSlash ? '/' : ''}${c.query}`;
}

export function buildSignedApi(base: string, c: ApiCase, keys: DemoKeys): RawRequest {
  const target = apiPath(c);
  const body = c.body;
  const given: Record<string, string> = {};
  if (c.contentType !== null) given['content-type'] = c.contentType;
  const key = keys[c.account];
  const signed = signRequest({
    method: 'POST',
    url: base + target,
    headers: given,
    body: typeof body === 'string' ? body : Buffer.from(body).toString('latin1'),
    accessKey: key.accessKey,
    secretKey: key.secretKey,
    region: 'eu-west-2',
    service: c.service,
    algorithm: c.algorithm,
    signedHeaders: ['host', c.algorithm === 'AWS4-HMAC-SHA256' ? 'x-amz-date' : 'x-osc-date', ...(c.signContentType && c.contentType !== null ? ['content-type'] : [])],
  });
  return finish('POST', target, signed, c.extraHeaders, body);
}

function finish(method: string, target: string, headers: Record<string, string>, extra: [string, string][], body: string | Uint8Array): RawRequest {
  const bytes = typeof body === 'string' ? Buffer.byteLength(body, 'utf8') : body.length;
  return {
    method,
    target,
    headers: [...Object.entries(headers), ...extra, ...(method === 'GET' && bytes === 0 ? [] : [['content-length', String(bytes)] as [string, string]]), ['connection', 'close']],
    body,
  };
}

// ---------- FCU ----------

export const FCU_ACTIONS = [
  'CopySnapshot', 'DescribeSnapshots', 'DeleteSnapshot', 'CreateTags', 'DeleteTags',
  'CreateSnapshot', 'ModifySnapshotAttribute', 'DescribeSnapshotAttribute', 'DescribeVolumes',
] as const;

const index = fc.oneof(
  { weight: 8, arbitrary: fc.integer({ min: 1, max: 3 }).map(String) },
  { weight: 1, arbitrary: fc.constantFrom('0', '-1', '01', '1e3', '99999999999999999999', 'x', '', ' 1', '1.5', '4294967297') },
);

const FILTER_FCU = ['tag:Name', 'tag:env', 'tag:', 'tag-key', 'tag-value', 'status', 'owner-id', 'owner-alias', 'snapshot-id', 'volume-id', 'description', 'progress', 'start-time', 'volume-size', 'encrypted', 'bogus',
  'size', 'availability-zone', 'volume-type', 'attachment.instance-id'];

function fcuParam(ref: Reference): fc.Arbitrary<[string, string]> {
  return cached(ref, 'fcuParam', () => {
  const str = oddString(ref);
  const bool = fc.oneof({ weight: 4, arbitrary: fc.constantFrom('true', 'false') }, { weight: 1, arbitrary: str });
  const sid = snapshotId(ref);
  return fc.oneof(
    fc.tuple(fc.constant('SourceSnapshotId'), sid),
    fc.tuple(fc.constant('SourceRegion'), region(ref)),
    fc.tuple(fc.constant('DestinationRegion'), region(ref)),
    fc.tuple(fc.constant('Description'), str),
    fc.tuple(fc.constant('ClientToken'), str),
    fc.tuple(fc.constant('DryRun'), bool),
    fc.tuple(fc.constant('Encrypted'), bool),
    fc.tuple(fc.constant('SnapshotId'), sid),
    fc.tuple(index.map((i) => `SnapshotId.${i}`), sid),
    fc.tuple(index.map((i) => `Owner.${i}`), fc.oneof(fc.constantFrom('self', 'amazon', ...ref.accountIds), str)),
    fc.tuple(index.map((i) => `RestorableBy.${i}`), fc.oneof(fc.constantFrom('self', 'all', ...ref.accountIds), str)),
    fc.tuple(index.map((i) => `Filter.${i}.Name`), fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...FILTER_FCU) }, { weight: 1, arbitrary: str })),
    fc.tuple(fc.tuple(index, index).map(([i, j]) => `Filter.${i}.Value.${j}`), fc.oneof(fc.constantFrom('prod', 'completed', 'pending', 'error', '100%', ...ref.snapshotIds), str)),
    fc.tuple(fc.constant('MaxResults'), fc.oneof(fc.integer({ min: -1, max: 1001 }).map(String), str)),
    fc.tuple(fc.constant('NextToken'), fc.oneof(fc.base64String({ maxLength: 60 }), str)),
    fc.tuple(index.map((i) => `ResourceId.${i}`), fc.oneof(sid, volumeId(ref))),
    fc.tuple(index.map((i) => `Tag.${i}.Key`), str),
    fc.tuple(index.map((i) => `Tag.${i}.Value`), str),
    fc.tuple(index.map((i) => `TagSpecification.${i}.ResourceType`), fc.constantFrom('snapshot', 'volume', 'x')),
    fc.tuple(fc.tuple(index, index).map(([i, j]) => `TagSpecification.${i}.Tag.${j}.Key`), str),
    fc.tuple(fc.tuple(index, index).map(([i, j]) => `TagSpecification.${i}.Tag.${j}.Value`), str),
    fc.tuple(fc.constant('VolumeId'), volumeId(ref)),
    fc.tuple(index.map((i) => `VolumeId.${i}`), fc.oneof(volumeId(ref), str)),
    fc.tuple(fc.constant('Attribute'), fc.oneof(fc.constantFrom('createVolumePermission', 'productCodes'), str)),
    fc.tuple(fc.constant('OperationType'), fc.oneof(fc.constantFrom('add', 'remove'), str)),
    fc.tuple(index.map((i) => `UserId.${i}`), fc.oneof(fc.constantFrom(...ref.accountIds), str)),
    fc.tuple(index.map((i) => `UserGroup.${i}`), fc.oneof(fc.constant('all'), str)),
    fc.tuple(fc.tuple(fc.constantFrom('Add', 'Remove'), index, fc.constantFrom('UserId', 'Group')).map(([op, i, f]) => `CreateVolumePermission.${op}.${i}.${f}`), fc.oneof(fc.constantFrom('all', ...ref.accountIds), str)),
    fc.tuple(fc.oneof(fc.constantFrom('KmsKeyId', 'PresignedUrl', 'Version', 'Action', 'X-Amz-Date', 'Filter.1', 'Tag', ''), str), str),
  );
  });
}

export interface FcuCase {
  account: 'operator' | 'partner';
  method: 'GET' | 'POST';
  action: string;
  version: string | null;
  params: [string, string][];
  /** How the parameters travel: form-encoded as a client would, or raw text with odd characters unescaped. */
  encoding: 'form' | 'raw';
  path: '/fcu/' | '/fcu';
  contentType: string | null;
  algorithm: Algorithm;
  extraHeaders: [string, string][];
}

/** The parameters of a valid call of the action, with odd free text (descriptions, tokens, tag keys and values). */
function validFcuParams(ref: Reference, action: string): fc.Arbitrary<[string, string][]> {
  return cached(ref, `validFcuParams ${(FCU_ACTIONS as readonly string[]).includes(action) ? action : '(other)'}`, () => {
  const id = snapshotId(ref);
  const pair = (name: string, value: fc.Arbitrary<string>) => value.map((v): [string, string] => [name, v]);
  const some = (...parts: fc.Arbitrary<[string, string]>[]) => fc.tuple(...parts).map((list) => list);
  switch (action) {
    case 'CopySnapshot':
      return fc.tuple(
        some(pair('SourceSnapshotId', id), pair('SourceRegion', fc.constant('eu-west-2'))),
        fc.subarray([['Description', 'x'], ['ClientToken', 'x'], ['TagSpecification.1.ResourceType', 'snapshot'], ['DryRun', 'true']] as [string, string][]),
        oddText(ref, 120),
        oddText(ref, 250),
      ).map(([base, extra, key, text]) => [
        ...base,
        ...extra.flatMap(([name, value]): [string, string][] =>
          name === 'Description' ? [[name, text]] : name === 'ClientToken' ? [[name, key.slice(0, 64)]] : name.startsWith('TagSpecification') ? [[name, value], ['TagSpecification.1.Tag.1.Key', key], ['TagSpecification.1.Tag.1.Value', text]] : [[name, value]],
        ),
      ]);
    case 'DeleteSnapshot':
      return some(pair('SnapshotId', id));
    case 'CreateSnapshot':
      return some(pair('VolumeId', volumeId(ref)), pair('Description', oddText(ref, 250)), pair('TagSpecification.1.Tag.1.Key', oddText(ref, 120)));
    case 'ModifySnapshotAttribute':
      return fc.oneof(
        some(pair('SnapshotId', id), pair('OperationType', fc.constantFrom('add', 'remove')), pair('UserId.1', fc.constantFrom(...ref.accountIds))),
        some(pair('SnapshotId', id), pair('CreateVolumePermission.Add.1.Group', fc.constant('all'))),
      );
    case 'DescribeSnapshotAttribute':
      return some(pair('SnapshotId', id), pair('Attribute', fc.constantFrom('createVolumePermission', 'productCodes')));
    case 'DescribeVolumes':
      return fc.oneof(
        some(pair('VolumeId.1', volumeId(ref))),
        some(pair('Filter.1.Name', fc.constantFrom('tag:Name', 'status', 'size', 'attachment.instance-id')), pair('Filter.1.Value.1', oddText(ref, 100))),
        fc.constant<[string, string][]>([]),
      );
    case 'CreateTags':
    case 'DeleteTags':
      return some(pair('ResourceId.1', fc.oneof(id, volumeId(ref))), pair('Tag.1.Key', oddText(ref, 120)), pair('Tag.1.Value', oddText(ref, 250)));
    default:
      return fc.oneof(
        some(pair('SnapshotId.1', id)),
        some(pair('Owner.1', fc.constantFrom('self', ...ref.accountIds))),
        some(pair('Filter.1.Name', fc.constantFrom('tag:env', 'tag-key', 'description', 'status')), pair('Filter.1.Value.1', oddText(ref, 100))),
        fc.constant<[string, string][]>([]),
      );
  }
  });
}

export function signedFcuCase(ref: Reference): fc.Arbitrary<FcuCase> {
  const action = fc.oneof({ weight: 12, arbitrary: fc.constantFrom(...FCU_ACTIONS) }, { weight: 1, arbitrary: fc.constantFrom('describesnapshots', 'RunInstances', 'toString', '__proto__', 'constructor', '') }, { weight: 1, arbitrary: oddString(ref) });
  return action.chain((name) => fc.record({
    account: fc.constantFrom('operator' as const, 'partner' as const),
    method: fc.constantFrom('POST' as const, 'POST' as const, 'GET' as const),
    action: fc.constant(name),
    version: fc.constantFrom('2016-11-15', '2016-11-15', null, 'garbage'),
    params: fc.oneof(
      { weight: 6, arbitrary: validFcuParams(ref, name) },
      { weight: 8, arbitrary: fc.array(fcuParam(ref), { maxLength: 8 }) },
      { weight: 1, arbitrary: fc.integer({ min: 300, max: 2000 }).map((n) => Array.from({ length: n }, (_, i): [string, string] => [`Filter.1.Value.${i + 1}`, `v${i}`]).concat([['Filter.1.Name', 'tag:env']])) },
      { weight: 1, arbitrary: fc.integer({ min: 60, max: 600 }).map((n) => Array.from({ length: n }, (_, i): [string, string] => [`Tag.${i + 1}.Key`, `k${i}`])) },
    ),
    encoding: fc.constantFrom('form' as const, 'form' as const, 'form' as const, 'raw' as const),
    path: fc.constantFrom('/fcu/' as const, '/fcu/' as const, '/fcu' as const),
    contentType: fc.oneof({ weight: 6, arbitrary: fc.constant('application/x-www-form-urlencoded; charset=utf-8') }, { weight: 1, arbitrary: fc.constantFrom('application/json', 'text/plain', '') }, { weight: 1, arbitrary: fc.constant(null) }),
    algorithm: fc.constantFrom<Algorithm>('AWS4-HMAC-SHA256', 'AWS4-HMAC-SHA256', 'OSC4-HMAC-SHA256'),
    extraHeaders: extraHeaders(ref),
  }));
}

export function fcuQuery(c: Pick<FcuCase, 'action' | 'version' | 'params' | 'encoding'>): string {
  const pairs: [string, string][] = [['Action', c.action], ...(c.version ? [['Version', c.version] as [string, string]] : []), ...c.params];
  if (c.encoding === 'form') return new URLSearchParams(pairs).toString();
  return pairs.map(([n, v]) => `${n}=${v}`).join('&');
}

export function buildSignedFcu(base: string, c: FcuCase, keys: DemoKeys): RawRequest {
  const query = fcuQuery(c);
  // Past 16 KiB of request head, node:http itself answers 431 before the app sees the call (the raw-HTTP
  // case covers that); clients send long parameter lists in a POST body.
  const method = c.method === 'GET' && rawTarget(query).length > 8000 ? 'POST' : c.method;
  const target = method === 'GET' ? `${c.path}?${rawTarget(query)}` : c.path;
  const body = method === 'POST' ? query : '';
  const given: Record<string, string> = {};
  if (c.contentType !== null && method === 'POST') given['content-type'] = c.contentType;
  const key = keys[c.account];
  const signed = signRequest({
    method,
    url: base + target,
    headers: given,
    body,
    accessKey: key.accessKey,
    secretKey: key.secretKey,
    region: 'eu-west-2',
    service: 'ec2',
    algorithm: c.algorithm,
  });
  return finish(method, target, signed, c.extraHeaders, body);
}

// ---------- hostile requests ----------

export interface HostileCase {
  face: 'api' | 'fcu';
  method: string;
  /** For the API face: a real path mostly, else one under /api/ that misses the route pattern. */
  path: string;
  body: string | Uint8Array;
  contentType: string | null;
  auth:
    | { kind: 'none' }
    | { kind: 'garbage'; header: string }
    | { kind: 'forged'; accessKey: string; date: string; region: string; service: string; terminator: string; signedHeaders: string; signature: string; algorithm: string }
    | { kind: 'tampered'; how: 'signature' | 'body' | 'stale' | 'future' | 'service' | 'region' | 'absent-header' | 'both' | 'scope-date'; account: 'operator' | 'partner' }
    | { kind: 'presigned'; params: [string, string][] };
  host: 'right' | 'foreign' | 'no-port' | 'localhost' | 'empty' | 'ipv6' | 'two';
  extraHeaders: [string, string][];
}

const ODD_API_PATHS = [
  '/api/v1', '/api/v1/', '/api/v1//ReadSnapshots', '/api/v2/ReadSnapshots', '/api/', '/api//', '/api/v1/%ZZ', '/api/v1/%', '/api/v1/Read%00Snapshots',
  '/api/v1/ReadSnapshots/extra', '/api/latest', '/api/v1/%2e%2e/x', '/api/v1/ReadSnapshots%2F', '/api/v1/..%2f..%2fetc', '/api/V1/ReadSnapshots',
  '/api/v1/ReadSnapshots;x', '/api/v1/ReadSnapshots?%ZZ', '/api/v1/%F0%9F%98%80', '/api/v1/%C0%AF', '/api/latest/ReadRegions#frag',
];
const ODD_FCU_PATHS = ['/fcu/', '/fcu', '/fcu/?Action=DescribeSnapshots', '/fcu/?%ZZ', '/fcu?Action=%00', '/fcu/?Action=CopySnapshot&Action=DeleteSnapshot', '/fcu/x', '/fcu//', '/fcu/%2e'];

export function hostileCase(ref: Reference, face: 'api' | 'fcu'): fc.Arbitrary<HostileCase> {
  // Short enough that the request head stays under node:http's 16 KiB limit.
  const str = oddString(ref).map((s) => s.slice(0, 1000));
  const validApiPath = fc.tuple(fc.constantFrom('v1', 'latest'), fc.constantFrom(...API_ACTIONS)).map(([v, a]) => `/api/${v}/${a}`);
  const path =
    face === 'api'
      ? fc.oneof({ weight: 4, arbitrary: validApiPath }, { weight: 1, arbitrary: fc.constantFrom(...ODD_API_PATHS) }, { weight: 1, arbitrary: str.map((s) => `/api/${rawTarget(s)}`) })
      : fc.oneof({ weight: 4, arbitrary: fc.constantFrom('/fcu/', '/fcu') }, { weight: 1, arbitrary: fc.constantFrom(...ODD_FCU_PATHS) }, { weight: 1, arbitrary: str.map((s) => `/fcu/?${rawTarget(s)}`) });
  const body =
    face === 'api'
      ? fc.oneof(fc.constantFrom('{}', '{"DryRun":true}', ''), fc.json(), str)
      : fc.oneof(fc.constantFrom('Action=DescribeSnapshots&Version=2016-11-15', 'Action=CopySnapshot&SourceSnapshotId=snap-00000000&SourceRegion=eu-west-2', ''), str.map((s) => `Action=${s}`), str);
  const hex64 = fc.stringMatching(/^[0-9a-f]{64}$/);
  const auth: fc.Arbitrary<HostileCase['auth']> = fc.oneof(
    fc.constant({ kind: 'none' as const }),
    fc.oneof(str.map(rawTarget), fc.constantFrom('AWS4-HMAC-SHA256', 'OSC4-HMAC-SHA256 Credential=', 'Basic dXNlcjpwYXNz', 'AWS4-HMAC-SHA256 ,,,,', 'Bearer x')).map((header) => ({ kind: 'garbage' as const, header })),
    fc
      .record({
        accessKey: fc.oneof(fc.constantFrom(DEMO_OPERATOR.accessKey, DEMO_PARTNER.accessKey, 'UNKNOWNKEY0000000000', ''), str.map(rawTarget)),
        date: fc.oneof(fc.constant(amzTimestamp(new Date()).slice(0, 8)), fc.constantFrom('20200101', '99999999', ''), str.map(rawTarget)),
        region: fc.oneof(fc.constant('eu-west-2'), str.map(rawTarget)),
        service: fc.constantFrom('api', 'oapi', 'ec2', 'fcu', 's3', 'anything', ''),
        terminator: fc.constantFrom('aws4_request', 'osc4_request', 'x', ''),
        signedHeaders: fc.constantFrom('host;x-amz-date', 'host', '', 'host;x-absent', ';;;', 'HOST;X-AMZ-DATE'),
        signature: fc.oneof(hex64, fc.constantFrom('', 'zz', '0'.repeat(63)), str.map(rawTarget)),
        algorithm: fc.constantFrom('AWS4-HMAC-SHA256', 'OSC4-HMAC-SHA256', 'AWS4-HMAC-SHA1'),
      })
      .map((forged) => ({ kind: 'forged' as const, ...forged })),
    fc
      .record({
        how: fc.constantFrom('signature' as const, 'body' as const, 'stale' as const, 'future' as const, 'service' as const, 'region' as const, 'absent-header' as const, 'both' as const, 'scope-date' as const),
        account: fc.constantFrom('operator' as const, 'partner' as const),
      })
      .map((t) => ({ kind: 'tampered' as const, ...t })),
    fc
      .array(
        fc.tuple(
          fc.constantFrom('X-Amz-Algorithm', 'X-Amz-Credential', 'X-Amz-Date', 'X-Amz-Expires', 'X-Amz-SignedHeaders', 'X-Amz-Signature', 'X-Amz-Security-Token'),
          fc.oneof(fc.constantFrom('AWS4-HMAC-SHA256', `${DEMO_OPERATOR.accessKey}/20260101/eu-west-2/ec2/aws4_request`, amzTimestamp(new Date()), '-1', '604801', 'host', '0'.repeat(64)), str),
        ),
        { minLength: 1, maxLength: 7 },
      )
      .map((params) => ({ kind: 'presigned' as const, params })),
  );
  return fc.record({
    face: fc.constant(face),
    method: fc.oneof({ weight: 6, arbitrary: fc.constant(face === 'api' ? 'POST' : 'POST') }, { weight: 2, arbitrary: fc.constantFrom('GET', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD', 'PROPFIND', 'TRACE') }),
    path,
    body,
    contentType: fc.oneof(fc.constant(face === 'api' ? 'application/json' : 'application/x-www-form-urlencoded'), fc.constant(null), fc.constantFrom('text/plain', 'application/json; charset=latin1')),
    auth,
    host: fc.oneof({ weight: 6, arbitrary: fc.constant('right' as const) }, { weight: 1, arbitrary: fc.constantFrom('foreign' as const, 'no-port' as const, 'localhost' as const, 'empty' as const, 'ipv6' as const, 'two' as const) }),
    extraHeaders: extraHeaders(ref),
  });
}

export function buildHostile(base: string, c: HostileCase, keys: DemoKeys): RawRequest {
  const port = new URL(base).port;
  const body = c.method === 'GET' || c.method === 'HEAD' || c.method === 'TRACE' ? '' : c.body;
  const bodyText = typeof body === 'string' ? body : Buffer.from(body).toString('latin1');
  let target = c.path.includes('#') ? c.path.slice(0, c.path.indexOf('#')) : c.path;
  const headers: Record<string, string> = {};
  if (c.contentType !== null) headers['content-type'] = c.contentType;
  const now = new Date();
  const auth = c.auth;
  if (auth.kind === 'garbage') headers.authorization = auth.header;
  if (auth.kind === 'forged') {
    headers['x-amz-date'] = amzTimestamp(now);
    headers.authorization = `${auth.algorithm} Credential=${auth.accessKey}/${auth.date}/${auth.region}/${auth.service}/${auth.terminator}, SignedHeaders=${auth.signedHeaders}, Signature=${auth.signature}`;
  }
  if (auth.kind === 'presigned') target += (target.includes('?') ? '&' : '?') + auth.params.map(([n, v]) => `${n}=${[...v].map((c) => (/[A-Za-z0-9_.~-]/.test(c) ? c : percent(c))).join('')}`).join('&');
  if (auth.kind === 'tampered') {
    const key = keys[auth.account];
    const skew = auth.how === 'stale' ? -10 * 60_000 : auth.how === 'future' ? 10 * 60_000 : 0;
    const signed = signRequest({
      method: c.method,
      url: base + target,
      headers,
      body: auth.how === 'body' ? `${bodyText} ` : bodyText,
      accessKey: key.accessKey,
      secretKey: key.secretKey,
      region: auth.how === 'region' ? 'us-east-2' : 'eu-west-2',
      service: auth.how === 'service' ? 's3' : c.face === 'api' ? 'api' : 'ec2',
      date: new Date(now.getTime() + skew),
      signedHeaders: auth.how === 'absent-header' ? ['host', 'x-amz-date', 'x-absent'] : undefined,
    });
    if (auth.how === 'absent-header') delete signed['x-absent'];
    if (auth.how === 'signature') signed.authorization = signed.authorization!.replace(/Signature=(.)/, (_, c0: string) => `Signature=${c0 === '0' ? '1' : '0'}`);
    if (auth.how === 'scope-date') signed.authorization = signed.authorization!.replace(/\/(\d{8})\//, '/20200101/');
    if (auth.how === 'both') target += `${target.includes('?') ? '&' : '?'}X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Signature=${'0'.repeat(64)}`;
    Object.assign(headers, signed);
  }
  const hostValue = { right: `127.0.0.1:${port}`, foreign: `evil.example:${port}`, 'no-port': '127.0.0.1', localhost: `localhost:${port}`, empty: '', ipv6: `[::1]:${port}`, two: `127.0.0.1:${port}` }[c.host];
  delete headers.host;
  const list: [string, string][] = [['host', hostValue], ...(c.host === 'two' ? [['host', `evil.example:${port}`] as [string, string]] : []), ...Object.entries(headers)];
  return finish(c.method, target, {}, [...list, ...c.extraHeaders], body);
}
