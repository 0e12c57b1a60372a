/**
 * What the sandbox accepts, writes and sends, on both faces over real HTTP with real signatures:
 * - every list filter, thousands of entries long, gets a correct answer (not SQLite's expression-depth 500);
 * - an action with several writes writes all of them or none (FCU CopySnapshot with its tags, CreateTags over
 *   many resources, UpdateSnapshot, DeleteTags, CreateSnapshot's ClientToken);
 * - no request can make an answer carry a character that XML 1.0 or strict JSON refuses.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signRequest } from '../osc/sigv4';
import { ManualClock } from '../osc/clock';
import { createApp } from '../app';
import { DEMO_OPERATOR, DEMO_PARTNER, seedDemo } from '../model/seed';
import { openStore, type Store } from '../model/store';

let server: Server;
let store: Store;
let base = '';
const clock = new ManualClock(new Date());
const keys = { accessKey: DEMO_OPERATOR.accessKey, secretKey: DEMO_OPERATOR.secretKey };

beforeAll(async () => {
  store = openStore(':memory:');
  seedDemo(store, clock.now());
  const app = createApp({ store, clock, model: { speed: 100 } });
  server = createServer(app.listener);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  store.close();
});

interface Answer {
  status: number;
  text: string;
}

async function api(action: string, body: unknown, account = keys): Promise<Answer & { json: Record<string, unknown> }> {
  const url = `${base}/api/v1/${action}`;
  const payload = typeof body === 'string' ? body : JSON.stringify(body);
  const headers = signRequest({ method: 'POST', url, headers: { 'content-type': 'application/json' }, body: payload, ...account, region: 'eu-west-2', service: 'api', date: clock.now() });
  const response = await fetch(url, { method: 'POST', headers, body: payload });
  const text = await response.text();
  expect(jsonProblem(text), text.slice(0, 300)).toBeNull();
  return { status: response.status, text, json: JSON.parse(text) as Record<string, unknown> };
}

async function fcu(params: Record<string, string> | [string, string][]): Promise<Answer> {
  const url = `${base}/fcu/`;
  const body = new URLSearchParams({ Version: '2016-11-15', ...(Array.isArray(params) ? Object.fromEntries(params) : params) }).toString();
  const headers = signRequest({ method: 'POST', url, headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' }, body, ...keys, region: 'eu-west-2', service: 'ec2', date: clock.now() });
  const response = await fetch(url, { method: 'POST', headers, body });
  const text = await response.text();
  expect(xmlProblem(text), text.slice(0, 300)).toBeNull();
  return { status: response.status, text };
}

const isXmlChar = (c: number) => c === 0x9 || c === 0xa || c === 0xd || (c >= 0x20 && c <= 0xd7ff) || (c >= 0xe000 && c <= 0xfffd) || (c >= 0x10000 && c <= 0x10ffff);

/** A strict XML 1.0 check of the documents FCU sends: only XML Chars (also in character references), known
 * entities, balanced elements, one root. Null when well-formed. */
function xmlProblem(xml: string): string | null {
  for (const ch of xml) {
    const c = ch.codePointAt(0)!;
    if (!isXmlChar(c)) return `U+${c.toString(16).padStart(4, '0')} is not an XML 1.0 character`;
  }
  const token = /<\?xml version="1\.0" encoding="UTF-8"\?>\n?|<(\/?)([A-Za-z_][\w.-]*)(?:\s+xmlns="[^"<&]*")?>|&(?:#x([0-9a-fA-F]+)|#(\d+)|lt|gt|amp|apos|quot);|[^<&]+/y;
  const stack: string[] = [];
  let roots = 0;
  while (token.lastIndex < xml.length) {
    const at = token.lastIndex;
    const m = token.exec(xml);
    if (!m) return `unexpected text at ${at}: ${JSON.stringify(xml.slice(at, at + 20))}`;
    if (m[0].startsWith('<?xml') && at !== 0) return 'a declaration not at the start';
    if (m[2] !== undefined) {
      if (m[1]) {
        if (stack.pop() !== m[2]) return `</${m[2]}> closes nothing open`;
      } else {
        if (stack.length === 0) roots++;
        stack.push(m[2]);
      }
    } else if (m[3] !== undefined || m[4] !== undefined) {
      if (!isXmlChar(m[3] !== undefined ? parseInt(m[3], 16) : Number(m[4]))) return `${m[0]} names a forbidden character`;
    } else if (!m[0].startsWith('<?xml') && stack.length === 0 && m[0].trim() !== '') return 'text outside the root';
  }
  if (stack.length) return `<${stack.at(-1)}> is not closed`;
  return roots === 1 ? null : `${roots} root elements`;
}

/** JSON that strict parsers take: it parses, and holds no escaped lone surrogate (control characters are escaped,
 * which JSON allows). */
function jsonProblem(text: string): string | null {
  try {
    JSON.parse(text);
  } catch {
    return 'not JSON';
  }
  if (/\\u(?:d[89ab][0-9a-f]{2}(?!\\u(?:d[c-f][0-9a-f]{2}))|(?<!\\u(?:d[89ab][0-9a-f]{2}))d[c-f][0-9a-f]{2})/i.test(text)) return 'an escaped lone surrogate';
  return null;
}

const count = (sql: string, ...args: unknown[]) => (store.db.prepare(sql).get(...args) as { n: number }).n;
const snapshotCount = () => count('SELECT COUNT(*) AS n FROM snapshots');
const tagCount = () => count('SELECT COUNT(*) AS n FROM tags');
const shareCount = () => count('SELECT COUNT(*) AS n FROM snapshot_permissions') + count('SELECT COUNT(*) AS n FROM snapshots WHERE global_permission = 1');
const state = () => ({ snapshots: snapshotCount(), tags: tagCount(), shares: shareCount(), tokens: count('SELECT COUNT(*) AS n FROM snapshots WHERE client_token IS NOT NULL') });

async function ownCompleted(): Promise<{ SnapshotId: string; VolumeId: string }[]> {
  const answer = await api('ReadSnapshots', { Filters: { AccountIds: [DEMO_OPERATOR.accountId], States: ['completed'] } });
  return answer.json.Snapshots as { SnapshotId: string; VolumeId: string }[];
}

describe('list filters of any size that fits the body limit', () => {
  it('ReadSnapshots and ReadVolumes answer Filters.Tags, TagKeys and TagValues of 20,000 entries correctly', async () => {
    const [target] = await ownCompleted();
    const volume = ((await api('ReadVolumes', {})).json.Volumes as { VolumeId: string }[])[0]!;
    expect((await api('CreateTags', { ResourceIds: [target!.SnapshotId, volume.VolumeId], Tags: [{ Key: 'needle', Value: 'found' }] })).status).toBe(200);
    const noise = Array.from({ length: 20_000 }, (_, i) => `k${i}=v${i}`);
    const tags = [...noise, 'needle=found'];
    expect(JSON.stringify({ Filters: { Tags: tags } }).length).toBeGreaterThan(250_000);
    for (const filters of [{ Tags: tags }, { TagKeys: [...noise, 'needle'] }, { TagValues: [...noise, 'found'] }]) {
      const snapshots = await api('ReadSnapshots', { Filters: filters });
      expect(snapshots.status, snapshots.text.slice(0, 200)).toBe(200);
      expect((snapshots.json.Snapshots as { SnapshotId: string }[]).map((s) => s.SnapshotId)).toEqual([target!.SnapshotId]);
      const volumes = await api('ReadVolumes', { Filters: filters });
      expect(volumes.status, volumes.text.slice(0, 200)).toBe(200);
      expect((volumes.json.Volumes as { VolumeId: string }[]).map((v) => v.VolumeId)).toEqual([volume.VolumeId]);
    }
    const some = noise.slice(0, 5_000);
    const none = await api('ReadSnapshots', { Filters: { Tags: some, SnapshotIds: some, VolumeIds: some, AccountIds: some, Descriptions: some, ClientTokens: some } });
    expect(none.status).toBe(200);
    expect(none.json.Snapshots).toEqual([]);
  });

  it('a body over the limit is refused in the envelope with 413, naming the limit', async () => {
    const tags = Array.from({ length: 60_000 }, (_, i) => `key-${i}=value-${i}`);
    const answer = await api('ReadSnapshots', { Filters: { Tags: tags } });
    expect(answer.status).toBe(413);
    expect(answer.json).toMatchObject({ Errors: [{ Code: '4001', Type: 'InvalidParameterValue' }] });
    expect(JSON.stringify(answer.json.Errors)).toMatch(/512 KiB|524288/);
  });

  it('FCU DescribeSnapshots answers tag:, tag-key, tag-value and SnapshotId.N with thousands of values', async () => {
    const [target] = await ownCompleted();
    await api('CreateTags', { ResourceIds: [target!.SnapshotId], Tags: [{ Key: 'fcu-needle', Value: 'here' }] });
    const values = (name: string, list: string[]): [string, string][] => [['Filter.1.Name', name], ...list.map((v, i): [string, string] => [`Filter.1.Value.${i + 1}`, v])];
    const noise = Array.from({ length: 12_000 }, (_, i) => `v${i}`);
    for (const [name, hit] of [['tag:fcu-needle', 'here'], ['tag-key', 'fcu-needle'], ['tag-value', 'here']] as const) {
      const answer = await fcu([['Action', 'DescribeSnapshots'], ...values(name, [...noise, hit])]);
      expect(answer.status, answer.text.slice(0, 300)).toBe(200);
      expect([...answer.text.matchAll(/<snapshotId>(snap-[0-9a-f]{8})<\/snapshotId>/g)].map((m) => m[1])).toEqual([target!.SnapshotId]);
    }
    const ids = Array.from({ length: 12_000 }, (_, i) => `snap-${i.toString(16).padStart(8, '0')}`);
    const many = await fcu([['Action', 'DescribeSnapshots'], ...ids.map((id, i): [string, string] => [`SnapshotId.${i + 1}`, id]), [`SnapshotId.${ids.length + 1}`, target!.SnapshotId]]);
    expect(many.status).toBe(400);
    expect(many.text).toContain('<Code>InvalidSnapshot.NotFound</Code>');
  });
});

describe('FCU DescribeSnapshots filters as EC2 combines them', () => {
  const idsIn = (xml: string) => [...xml.matchAll(/<snapshotId>(snap-[0-9a-f]{8})<\/snapshotId>/g)].map((m) => m[1]).sort();

  it('ANDs two filters, even on the same field, ORs the values of one, and keeps a tag key containing "="', async () => {
    const [a, b, c] = await ownCompleted();
    await api('CreateTags', { ResourceIds: [a!.SnapshotId, b!.SnapshotId], Tags: [{ Key: 'and-env', Value: 'prod' }] });
    await api('CreateTags', { ResourceIds: [a!.SnapshotId], Tags: [{ Key: 'and-team', Value: 'x' }] });
    await api('CreateTags', { ResourceIds: [b!.SnapshotId], Tags: [{ Key: 'and=eq', Value: 'c' }] });
    await api('CreateTags', { ResourceIds: [c!.SnapshotId], Tags: [{ Key: 'and', Value: 'eq=c' }] });
    const describe = async (params: Record<string, string>) => {
      const answer = await fcu({ Action: 'DescribeSnapshots', ...params });
      expect(answer.status, answer.text.slice(0, 300)).toBe(200);
      return idsIn(answer.text);
    };
    const sorted = (...list: { SnapshotId: string }[]) => list.map((x) => x.SnapshotId).sort();
    expect(await describe({ 'Filter.1.Name': 'tag:and-env', 'Filter.1.Value.1': 'prod' })).toEqual(sorted(a!, b!));
    expect(await describe({ 'Filter.1.Name': 'tag:and-env', 'Filter.1.Value.1': 'prod', 'Filter.2.Name': 'tag:and-team', 'Filter.2.Value.1': 'x' })).toEqual(sorted(a!));
    expect(await describe({ 'Filter.1.Name': 'tag-key', 'Filter.1.Value.1': 'and-env', 'Filter.2.Name': 'tag-key', 'Filter.2.Value.1': 'and=eq' })).toEqual(sorted(b!));
    expect(await describe({ 'Filter.1.Name': 'status', 'Filter.1.Value.1': 'completed', 'Filter.2.Name': 'status', 'Filter.2.Value.1': 'error' })).toEqual([]);
    expect(await describe({ 'Filter.1.Name': 'snapshot-id', 'Filter.1.Value.1': a!.SnapshotId, 'Filter.1.Value.2': b!.SnapshotId, 'Filter.2.Name': 'snapshot-id', 'Filter.2.Value.1': b!.SnapshotId })).toEqual(sorted(b!));
    expect(await describe({ 'Filter.1.Name': 'tag:and=eq', 'Filter.1.Value.1': 'c' })).toEqual(sorted(b!));
    expect(await describe({ 'Filter.1.Name': 'tag:and', 'Filter.1.Value.1': 'eq=c' })).toEqual(sorted(c!));
    // an ID the filters leave out is not an error; an ID that names nothing is
    expect(await describe({ 'SnapshotId.1': c!.SnapshotId, 'Filter.1.Name': 'tag:and-env', 'Filter.1.Value.1': 'prod' })).toEqual([]);
    const unknown = await fcu({ Action: 'DescribeSnapshots', 'SnapshotId.1': a!.SnapshotId, 'SnapshotId.2': 'snap-00000000' });
    expect(unknown.text).toContain('<Code>InvalidSnapshot.NotFound</Code>');
    // many values in each filter are fine; more than 50 filters is a 400 that names the limit
    const many = Array.from({ length: 6_000 }, (_, i) => `snap-${i.toString(16).padStart(8, '0')}`);
    const both = await fcu([['Action', 'DescribeSnapshots'], ['Filter.1.Name', 'snapshot-id'], ['Filter.2.Name', 'snapshot-id'], ...many.flatMap((id, i): [string, string][] => [[`Filter.1.Value.${i + 1}`, id], [`Filter.2.Value.${i + 1}`, id]]), ['Filter.1.Value.0', a!.SnapshotId], ['Filter.2.Value.0', a!.SnapshotId]]);
    expect(both.status, both.text.slice(0, 200)).toBe(200);
    expect(idsIn(both.text)).toEqual(sorted(a!));
    const filters = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [[`Filter.${i + 1}.Name`, 'tag:and-env'], [`Filter.${i + 1}.Value.1`, 'prod']]).flat());
    expect(await describe(filters(50))).toEqual(sorted(a!, b!));
    const tooMany = await fcu({ Action: 'DescribeSnapshots', ...filters(51) });
    expect(tooMany.status).toBe(400);
    expect(tooMany.text).toMatch(/<Code>InvalidParameterValue<\/Code><Message>[^<]*at most 50 filters/);
    // RestorableBy all and an account: public OR shared with it
    const partnerSnapshots = ((await api('ReadSnapshots', { Filters: { AccountIds: [DEMO_PARTNER.accountId] } })).json.Snapshots as { SnapshotId: string; PermissionsToCreateVolume: { GlobalPermission: boolean } }[]);
    expect(await describe({ 'RestorableBy.1': 'all', 'RestorableBy.2': 'self' })).toEqual(partnerSnapshots.map((x) => x.SnapshotId).sort());
    expect(await describe({ 'RestorableBy.1': 'all' })).toEqual(partnerSnapshots.filter((x) => x.PermissionsToCreateVolume.GlobalPermission).map((x) => x.SnapshotId));
  });
});

describe('all or nothing', () => {
  it('FCU CopySnapshot with an invalid TagSpecification writes neither the copy nor its tags', async () => {
    const [source] = await ownCompleted();
    const copy = (extra: Record<string, string>) =>
      fcu({ Action: 'CopySnapshot', SourceSnapshotId: source!.SnapshotId, SourceRegion: 'eu-west-2', ClientToken: `t-${Math.random()}`, ...extra });
    const before = state();
    const cases: [Record<string, string>, string][] = [
      [{ 'TagSpecification.1.ResourceType': 'snapshot', 'TagSpecification.1.Tag.1.Key': 'ok', 'TagSpecification.1.Tag.2.Key': 'k'.repeat(300), 'TagSpecification.1.Tag.2.Value': 'v' }, 'InvalidParameterValue'],
      [{ 'TagSpecification.1.Tag.1.Key': 'k', 'TagSpecification.1.Tag.1.Value': 'v'.repeat(256) }, 'InvalidParameterValue'],
      [{ 'TagSpecification.1.Tag.1.Key': 'k', 'TagSpecification.1.Tag.1.Value': 'bell\u0007' }, 'InvalidParameterValue'],
      [{ 'TagSpecification.1.ResourceType': 'volume', 'TagSpecification.1.Tag.1.Key': 'k' }, 'InvalidParameterValue'],
      [Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`TagSpecification.1.Tag.${i + 1}.Key`, `k${i}`])), 'TagLimitExceeded'],
      [{ Description: 'd'.repeat(256), 'TagSpecification.1.Tag.1.Key': 'k' }, 'InvalidParameterValue'],
      [{ Description: 'nul\u0000', 'TagSpecification.1.Tag.1.Key': 'k' }, 'InvalidParameterValue'],
    ];
    for (const [extra, code] of cases) {
      const answer = await copy(extra);
      expect(answer.status, JSON.stringify(extra).slice(0, 100)).toBe(400);
      expect(answer.text).toContain(`<Code>${code}</Code>`);
      const dry = await copy({ ...extra, DryRun: 'true' });
      expect(dry.text, 'a dry run checks the tags too').toContain(`<Code>${code}</Code>`);
    }
    expect(state()).toEqual(before);
    const good = await copy({ 'TagSpecification.1.ResourceType': 'snapshot', 'TagSpecification.1.Tag.1.Key': 'ok', 'TagSpecification.1.Tag.1.Value': 'tab\tlf\ncr\r' });
    expect(good.status, good.text).toBe(200);
    expect(state()).toMatchObject({ snapshots: before.snapshots + 1, tags: before.tags + 1 });
    const id = /<snapshotId>(snap-[0-9a-f]{8})<\/snapshotId>/.exec(good.text)![1]!;
    const read = await api('ReadSnapshots', { Filters: { SnapshotIds: [id] } });
    expect((read.json.Snapshots as { Tags: unknown }[])[0]!.Tags).toEqual([{ Key: 'ok', Value: 'tab\tlf\ncr\r' }]);
    const described = await fcu({ Action: 'DescribeSnapshots', 'SnapshotId.1': id });
    expect(described.text).toContain('<value>tab\tlf\ncr&#13;</value>');
  });

  it('CreateTags, DeleteTags and UpdateSnapshot over several resources change nothing when one part is wrong', async () => {
    const own = await ownCompleted();
    const [a, b] = own;
    const partnerShared = ((await api('ReadSnapshots', { Filters: { AccountIds: [DEMO_PARTNER.accountId] } })).json.Snapshots as { SnapshotId: string }[])[0]!;
    await api('CreateTags', { ResourceIds: [a!.SnapshotId, b!.SnapshotId], Tags: [{ Key: 'keep', Value: 'me' }] });
    const before = state();
    // fill b to one tag short of the limit of 50: adding two new keys to a and b must fail on b, and a stays as is
    const bTags = count('SELECT COUNT(*) AS n FROM tags WHERE resource_id = ?', b!.SnapshotId);
    const full = Array.from({ length: 49 - bTags }, (_, i) => ({ Key: `full-${i}`, Value: '' }));
    expect((await api('CreateTags', { ResourceIds: [b!.SnapshotId], Tags: full })).status).toBe(200);
    const afterFill = state();
    const refused: [string, unknown, string][] = [
      ['CreateTags', { ResourceIds: [a!.SnapshotId, b!.SnapshotId], Tags: [{ Key: 'one-more', Value: 'x' }, { Key: 'two-more', Value: 'y' }] }, '10041'],
      ['CreateTags', { ResourceIds: [a!.SnapshotId, partnerShared.SnapshotId], Tags: [{ Key: 'x', Value: 'y' }] }, '4'],
      ['CreateTags', { ResourceIds: [a!.SnapshotId, 'snap-00000000'], Tags: [{ Key: 'x', Value: 'y' }] }, '5054'],
      ['CreateTags', { ResourceIds: [a!.SnapshotId], Tags: [{ Key: 'x', Value: 'y' }, { Key: 'x\u0001', Value: 'y' }] }, '4047'],
      ['DeleteTags', { ResourceIds: [a!.SnapshotId, 'snap-00000000'], Tags: [{ Key: 'keep', Value: '' }] }, '5054'],
      ['DeleteTags', { ResourceIds: [a!.SnapshotId, b!.SnapshotId], Tags: [{ Key: 'keep', Value: '' }, { Key: 'k'.repeat(256), Value: '' }] }, '4047'],
      ['UpdateSnapshot', { SnapshotId: a!.SnapshotId, PermissionsToCreateVolume: { Additions: { AccountIds: [DEMO_PARTNER.accountId, 'not-an-account'], GlobalPermission: true } } }, '4047'],
      ['UpdateSnapshot', { SnapshotId: a!.SnapshotId, PermissionsToCreateVolume: { Additions: { AccountIds: [DEMO_PARTNER.accountId, '12345678901\u0000'] } } }, '4047'],
      ['CreateSnapshot', { VolumeId: a!.VolumeId, Description: 'x\uD800' }, '4047'],
      ['DeleteSnapshot', { SnapshotId: `${a!.SnapshotId}\u0001` }, '4047'],
    ];
    for (const [action, body, code] of refused) {
      const answer = await api(action, body);
      expect(answer.status, `${action} ${JSON.stringify(body).slice(0, 120)}`).toBeGreaterThanOrEqual(400);
      expect((answer.json.Errors as { Code: string }[])[0]!.Code, `${action} ${answer.text}`).toBe(code);
    }
    expect(state()).toEqual(afterFill);
    expect(afterFill.tags).toBe(before.tags + full.length);
  });

  it("CreateSnapshot's ClientToken: a dry run frees nothing, a refused call frees nothing", async () => {
    const [source] = await ownCompleted();
    const made = await api('CreateSnapshot', { SourceSnapshotId: source!.SnapshotId, SourceRegionName: 'eu-west-2', ClientToken: 'reuse-me' });
    const id = (made.json.Snapshot as { SnapshotId: string }).SnapshotId;
    clock.advance(60_000);
    expect((await api('DeleteSnapshot', { SnapshotId: id })).status).toBe(200);
    clock.advance(60_000);
    const before = count("SELECT COUNT(*) AS n FROM snapshots WHERE client_token = 'reuse-me'");
    expect(before).toBe(1);
    const dry = await api('CreateSnapshot', { SourceSnapshotId: source!.SnapshotId, SourceRegionName: 'eu-west-2', ClientToken: 'reuse-me', DryRun: true });
    expect(dry.status).toBe(200);
    const wrong = await api('CreateSnapshot', { SourceSnapshotId: 'snap-00000000', SourceRegionName: 'eu-west-2', ClientToken: 'reuse-me' });
    expect(wrong.status).toBe(400);
    expect(count("SELECT COUNT(*) AS n FROM snapshots WHERE client_token = 'reuse-me'")).toBe(1);
    const again = await api('CreateSnapshot', { SourceSnapshotId: source!.SnapshotId, SourceRegionName: 'eu-west-2', ClientToken: 'reuse-me' });
    expect((again.json.Snapshot as { SnapshotId: string }).SnapshotId).not.toBe(id);
    expect(count("SELECT COUNT(*) AS n FROM snapshots WHERE client_token = 'reuse-me'")).toBe(1);
  });
});

describe('no answer carries a character XML 1.0 or strict JSON refuses', () => {
  const hostile = ['\u0001', '\u0000', '\u001f', '\u000b', '\ufffe', '\uffff', '\ud800', '\udfff', 'a\ud83db'];

  it('refuses such text in every field with 4047 (JSON) or InvalidParameterValue (FCU), naming the parameter', async () => {
    const [source] = await ownCompleted();
    const before = state();
    for (const bad of hostile) {
      const create = await api('CreateSnapshot', { SourceSnapshotId: source!.SnapshotId, SourceRegionName: 'eu-west-2', Description: `d${bad}` });
      expect(create.json).toMatchObject({ Errors: [{ Code: '4047', Type: 'InvalidParameterValue' }] });
      expect(JSON.stringify(create.json.Errors)).toContain("'Description'");
      const tag = await api('CreateTags', { ResourceIds: [source!.SnapshotId], Tags: [{ Key: 'k', Value: `v${bad}` }] });
      expect(tag.json).toMatchObject({ Errors: [{ Code: '4047' }] });
      expect(JSON.stringify(tag.json.Errors)).toContain('Tags[0].Value');
      const read = await api('ReadSnapshots', { Filters: { Descriptions: [bad] } });
      expect(read.json).toMatchObject({ Errors: [{ Code: '4047' }] });
      const unknown = await api('ReadSnapshots', { [`Bad${bad}Name`]: 1 });
      expect(unknown.json).toMatchObject({ Errors: [{ Code: '3001' }] });
      if (bad !== '\ud800' && bad !== '\udfff' && bad !== 'a\ud83db') {
        // URL-encoded form bodies carry UTF-8: a lone surrogate cannot be sent there, it arrives as U+FFFD.
        const copy = await fcu({ Action: 'CopySnapshot', SourceSnapshotId: source!.SnapshotId, SourceRegion: 'eu-west-2', Description: `d${bad}` });
        expect(copy.status).toBe(400);
        expect(copy.text).toContain('<Code>InvalidParameterValue</Code>');
        const tagged = await fcu({ Action: 'CreateTags', 'ResourceId.1': source!.SnapshotId, 'Tag.1.Key': `k${bad}`, 'Tag.1.Value': 'v' });
        expect(tagged.status).toBe(400);
        const filter = await fcu({ Action: 'DescribeSnapshots', 'Filter.1.Name': `colour${bad}`, 'Filter.1.Value.1': 'x' });
        expect(filter.status).toBe(400);
      }
    }
    expect(state()).toEqual(before);
  });

  it('describe-snapshots stays well-formed XML after every injection attempt, and keeps tab, LF and CR exactly', async () => {
    const [source] = await ownCompleted();
    const kept = 'tab\there\nnew line\r\nCRLF <&>"\' é 😀 \u007f\u0085';
    const made = await api('CreateSnapshot', { SourceSnapshotId: source!.SnapshotId, SourceRegionName: 'eu-west-2', Description: kept });
    expect(made.status).toBe(200);
    const id = (made.json.Snapshot as { SnapshotId: string }).SnapshotId;
    expect((await api('CreateTags', { ResourceIds: [id], Tags: [{ Key: kept.slice(0, 40), Value: kept }] })).status).toBe(200);
    // data written before the rule existed (or by hand) still cannot break the document
    store.db.prepare('UPDATE snapshots SET description = ? WHERE snapshot_id = ?').run('legacy\u0001\u0008bytes', id);
    const all = await fcu({ Action: 'DescribeSnapshots' });
    expect(all.status).toBe(200);
    const one = await fcu({ Action: 'DescribeSnapshots', 'SnapshotId.1': id });
    expect(one.text).toContain('<description>legacy\uFFFD\uFFFDbytes</description>');
    expect(one.text).toContain('<value>tab\there\nnew line&#13;\nCRLF &lt;&amp;&gt;&quot;&apos; é 😀 \u007f\u0085</value>');
    const json = await api('ReadSnapshots', { Filters: { SnapshotIds: [id] } });
    expect((json.json.Snapshots as { Tags: { Value: string }[] }[])[0]!.Tags[0]!.Value).toBe(kept);
  });
});
