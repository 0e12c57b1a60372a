import { PUBLIC_REGIONS } from '../../api/regions';
import { CUSTOM } from './extra-regions-check';

/** A Region select's options: each public OUTSCALE Region, then a custom endpoint. */
export function RegionOptions() {
  return (
    <>
      {PUBLIC_REGIONS.map((region) => (
        <option key={region} value={region}>
          {region}
        </option>
      ))}
      <option value={CUSTOM}>Custom endpoint…</option>
    </>
  );
}
