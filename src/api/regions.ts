/**
 * OUTSCALE's public Regions and their endpoints, and the Region rule of a copy, written once: the sandbox's
 * ReadRegions, the pass-through's allowed endpoints, the connect screen, the copy form and the Command view all
 * read them from here (../shared/outscale-api-notes.md §1: api., fcu. and oos.{region}.outscale.com [D]).
 */

export const PUBLIC_REGIONS = [
  "eu-west-2",
  "us-east-2",
  "us-west-1",
  "cloudgouv-eu-west-1",
  "ap-northeast-1",
] as const;
export type PublicRegion = (typeof PUBLIC_REGIONS)[number];
/** The Region a form or a profile starts from when none is given (OUTSCALE's first public Region). */
export const DEFAULT_REGION: PublicRegion = 'eu-west-2';

/** The OUTSCALE API (JSON) of a Region, e.g. `https://api.eu-west-2.outscale.com`. */
export const apiEndpoint = (region: string): string =>
  `https://${apiHost(region)}`;
/** The host alone, as ReadRegions gives it in `Endpoint`. */
export const apiHost = (region: string): string => `api.${region}.outscale.com`;
/** The EC2-compatible FCU endpoint of a Region (the AWS CLI's `--endpoint-url`). */
export const fcuEndpoint = (region: string): string =>
  `https://fcu.${region}.outscale.com`;
/** OOS, the S3-compatible object storage of a Region (where a cross-Region copy is exported to). */
export const oosEndpoint = (region: string): string =>
  `https://oos.${region}.outscale.com`;

/** The OOS endpoint beside an API endpoint: OUTSCALE's for its hosts, else the sandbox's (API port + 1). */
export function oosBaseFor(endpoint: string, region: string): string {
  const url = new URL(endpoint);
  if (url.hostname.endsWith('.outscale.com')) return oosEndpoint(region);
  const port = Number(url.port || (url.protocol === 'https:' ? 443 : 80));
  return `${url.protocol}//${url.hostname}:${port + 1}`;
}

export interface RegionEndpoints {
  name: string;
  api: string;
  fcu: string;
  oos: string;
}

export const REGION_ENDPOINTS: readonly RegionEndpoints[] = PUBLIC_REGIONS.map(
  (name) => ({
    name,
    api: apiEndpoint(name),
    fcu: fcuEndpoint(name),
    oos: oosEndpoint(name),
  }),
);

/**
 * The Region rule of CreateSnapshot with SourceSnapshotId: SourceRegionName must be the caller's account Region (a
 * snapshot is copied within its Region; moving it elsewhere is an export to OOS and an import there). Returns why
 * a copy breaks the rule, in words fit for both the API's Details and the form's field message; undefined when the
 * copy keeps it. The sandbox answers it as 4047 with Details naming the parameter (`SourceRegionName`) and adding
 * CROSS_REGION_HINT; the copy form shows it under the Region field.
 */
export function regionRuleViolation(
  sourceRegion: string,
  accountRegion: string,
): string | undefined {
  if (sourceRegion === accountRegion) return undefined;
  return `A copy must stay in your account's Region (${accountRegion}); '${sourceRegion}' is another Region.`;
}

/** What to do instead, for a copy to another Region. */
export const CROSS_REGION_HINT =
  "To move a snapshot to another Region, export it to a bucket (CreateSnapshotExportTask) and import it there (CreateSnapshot with FileLocation).";
