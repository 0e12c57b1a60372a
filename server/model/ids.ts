/** Resource IDs minted and checked with OUTSCALE's patterns (src/api/ids.ts), and the errors for malformed ones. */
import { ANY_ID_PATTERN, ID_PATTERNS as PATTERN, type IdPrefix } from '../../src/api/ids';
import { oscErrors } from '../osc/errors';

export type Random = () => number;

export function hex8(random: Random): string {
  let out = '';
  for (let i = 0; i < 8; i++) out += Math.floor(random() * 16).toString(16);
  return out;
}

/** A small seeded generator, so the demo data is the same on every first start. */
export function seededRandom(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Throws 4104 for another resource's prefix, 4105 for a malformed ID. */
export function checkId(id: string, prefix: IdPrefix, parameter: string): void {
  if (PATTERN[prefix].test(id)) return;
  const other = ANY_ID_PATTERN.exec(id);
  if (other && other[1] !== prefix) {
    throw oscErrors.wrongIdPrefix(`The ${parameter} '${id}' has the wrong prefix: expected '${prefix}-'.`);
  }
  throw oscErrors.malformedId(`The provided value '${id}' for ${parameter} is malformed.`);
}

export function resourceKind(id: string): IdPrefix | undefined {
  if (PATTERN.snap.test(id)) return 'snap';
  if (PATTERN.vol.test(id)) return 'vol';
  return undefined;
}
