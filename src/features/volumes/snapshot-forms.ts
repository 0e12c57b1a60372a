/**
 * The two forms that make a snapshot from something other than a snapshot: *Snapshot this volume* (VolumeId) and
 * *Import from a bucket* (FileLocation + SnapshotSize). Their fields are the CreateSnapshot request's own (limits,
 * refused characters and messages from src/api/requests.ts), plus a Name and tags; each maps to a plan, the calls
 * the submit makes and the Command view prints: CreateSnapshot, then CreateTags on the new snapshot.
 */
import * as z from 'zod/mini';
import { createSnapshotRequestSchema, requestTagSchema, type ActionRequest } from '../../api/requests';

const create = createSnapshotRequestSchema.shape;
/** A request field the form always has (the request schema's own checks, without its `optional`). */
const given = <T extends z.ZodMiniType>(field: z.ZodMiniOptional<T>): T => field.def.innerType;

const GIB = 2 ** 30;

/** Each problem is said under the key it is about (a form shows a field's error where it is typed). */
const tagsField = z
  .array(
    z.object({
      Key: requestTagSchema.shape.Key.check(
        z.trim(),
        z.minLength(1, 'A tag needs a key.'),
        z.refine((key) => key !== 'Name', { message: 'Give the Name in its own field above, not as a tag.' }),
      ),
      Value: requestTagSchema.shape.Value,
    }),
  )
  .check(
    z.superRefine((tags, ctx) => {
      const seen = new Set<string>();
      tags.forEach((tag, index) => {
        const key = tag.Key.trim();
        if (seen.has(key)) ctx.addIssue({ code: 'custom', message: 'Each tag key once: a second value would replace the first.', path: [index, 'Key'], input: tag.Key });
        seen.add(key);
      });
    }),
  );

const common = {
  /** The `Name` tag (OUTSCALE's consoles show it as the name); empty: no Name tag. */
  Name: requestTagSchema.shape.Value,
  Description: given(create.Description),
  Tags: tagsField,
};

export const volumeSnapshotFormSchema = z.object(common);
export type VolumeSnapshotForm = z.infer<typeof volumeSnapshotFormSchema>;

export interface SnapshotPlan {
  create: ActionRequest<'CreateSnapshot'>;
  /** Put on the new snapshot with CreateTags once it exists; empty when there is nothing to tag. */
  tags: { Key: string; Value: string }[];
}

function planTags(form: { Name: string; Tags: { Key: string; Value: string }[] }) {
  return [...(form.Name.trim() ? [{ Key: 'Name', Value: form.Name.trim() }] : []), ...form.Tags.map((tag) => ({ Key: tag.Key.trim(), Value: tag.Value }))];
}

export function volumeSnapshotPlan(volumeId: string, form: VolumeSnapshotForm, clientToken: string): SnapshotPlan {
  return {
    create: { VolumeId: volumeId, ...(form.Description ? { Description: form.Description } : {}), ClientToken: clientToken },
    tags: planTags(form),
  };
}

// ---------- import from a bucket ----------

/** `20261126T032500Z` (SigV4's X-Amz-Date) as ms since epoch, or NaN. */
function amzDate(value: string): number {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  return m ? Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!) : Number.NaN;
}

/** When a pre-signed URL stops working (ms since epoch), if it says: SigV4 (X-Amz-Date + X-Amz-Expires) or SigV2 (Expires). */
export function presignedExpiry(url: URL): number | undefined {
  const query = url.searchParams;
  const date = query.get('X-Amz-Date');
  const expires = query.get('X-Amz-Expires');
  if (date && expires && /^\d+$/.test(expires)) {
    const at = amzDate(date);
    return Number.isNaN(at) ? undefined : at + Number(expires) * 1000;
  }
  const v2 = query.get('Expires');
  return v2 && /^\d+$/.test(v2) ? Number(v2) * 1000 : undefined;
}

/**
 * Why this is not a pre-signed bucket URL OUTSCALE can read, or undefined: it must be https, carry a signature in
 * its query (SigV4's X-Amz-Signature or SigV2's Signature), and not be expired when its expiry is known.
 */
export function presignedUrlProblem(text: string, now: number): string | undefined {
  const value = text.trim();
  if (!value) return 'Enter the pre-signed URL of the snapshot file in the bucket.';
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'This is not a URL. Paste the whole pre-signed URL, starting with https://.';
  }
  // http only for this machine: the sandbox's own OOS (OUTSCALE reads files over HTTPS).
  const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) return 'The URL must start with https:// (OUTSCALE reads the file over HTTPS).';
  const query = url.searchParams;
  if (!query.get('X-Amz-Signature') && !query.get('Signature')) {
    return 'This URL is not pre-signed: its query has no X-Amz-Signature (or Signature). Create a pre-signed URL for the object first (e.g. aws s3 presign, or osc-cli).';
  }
  const expiry = presignedExpiry(url);
  if (expiry !== undefined && expiry <= now) return `This pre-signed URL expired on ${new Date(expiry).toISOString().replace('.000Z', 'Z')}. Create a new one.`;
  return undefined;
}

/**
 * A size in bytes as typed: digits only; spaces and underscores between digit groups are dropped. A comma or a dot is
 * refused, not guessed: "12,5" or "1.000" mean different things in different languages.
 */
export function parseBytes(text: string): number | undefined {
  const digits = text.trim().replace(/[\s_]/g, '');
  if (!/^\d+$/.test(digits)) return undefined;
  const n = Number(digits);
  return Number.isSafeInteger(n) ? n : undefined;
}

/** Bytes in GiB, as the operator checks them ("10 GiB", "1.5 GiB", "0.001 GiB"). */
export function formatGiB(bytes: number): string {
  const gib = bytes / GIB;
  const digits = gib >= 100 ? 0 : gib >= 1 ? 2 : 3;
  const text = gib.toLocaleString('en', { maximumFractionDigits: digits });
  return `${text === '0' ? `< ${(0.001).toLocaleString('en')}` : text} GiB`;
}

/** The snapshot's VolumeSize OUTSCALE will show: whole GiB, rounded up (10737418240 B → 10). */
export const volumeSizeGiB = (bytes: number) => Math.ceil(bytes / GIB);

/** What reading the URL's object from the page found (src/features/volumes/object-probe.ts), for that URL. */
export interface ProbedObject {
  url: string;
  size?: number;
  refused?: string;
}

export function makeImportFormSchema(now: () => number, probed: () => ProbedObject | undefined = () => undefined) {
  const refusedFor = (url: string) => (probed()?.url === url.trim() ? probed()?.refused : undefined);
  return z
    .object({
      ...common,
      FileLocation: given(create.FileLocation).check(
        z.trim(),
        z.refine((url) => presignedUrlProblem(url, now()) === undefined, { error: (issue) => presignedUrlProblem(String(issue.input), now()) }),
        z.refine((url) => refusedFor(url) === undefined, { error: (issue) => refusedFor(String(issue.input)) }),
      ),
      SnapshotSize: z.string().check(
        z.refine((size) => (parseBytes(size) ?? 0) >= 1, {
          error: (issue) =>
            parseBytes(String(issue.input)) === undefined
              ? 'Give the size in bytes, as a whole number (e.g. 10737418240 for 10 GiB).'
              : 'The size must be at least 1 byte.',
        }),
      ),
    })
    .check(
      // The object's own size is a floor: a disk image is never smaller uncompressed than compressed.
      z.refine((form) => {
        const object = probed();
        const bytes = parseBytes(form.SnapshotSize);
        return !(object?.size !== undefined && object.url === form.FileLocation && bytes !== undefined && bytes >= 1 && bytes < object.size);
      }, {
        path: ['SnapshotSize'],
        error: () => `The object itself is ${probed()?.size?.toLocaleString('en')} bytes: the size must be at least that, and at least the source's uncompressed size.`,
      }),
    );
}
export type ImportForm = z.infer<ReturnType<typeof makeImportFormSchema>>;

export function importPlan(form: ImportForm, clientToken: string): SnapshotPlan {
  return {
    create: {
      FileLocation: form.FileLocation.trim(),
      SnapshotSize: parseBytes(form.SnapshotSize) ?? 0,
      ...(form.Description ? { Description: form.Description } : {}),
      ClientToken: clientToken,
    },
    tags: planTags(form),
  };
}

/** The bucket object an import reads, for the tray: its URL without the query (the signature stays out). */
export function importSource(fileLocation: string): string {
  try {
    const url = new URL(fileLocation.trim());
    return `${url.origin}${url.pathname}`;
  } catch {
    return '';
  }
}
