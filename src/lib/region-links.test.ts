import { describe, expect, it } from 'vitest';
import { inRegion, regionSwitchHref, withoutRegion } from './region-links';

describe('links between Regions', () => {
  it('inRegion names the Region explicitly, after the filters', () => {
    expect(inRegion('/', 'us-east-2')).toBe('/?region=us-east-2');
    expect(inRegion('/?owner=mine&state=error', 'eu-west-2')).toBe('/?owner=mine&state=error&region=eu-west-2');
  });

  it('withoutRegion drops region= and keeps the rest', () => {
    expect(withoutRegion('/', '?region=ap-northeast-1')).toBe('/');
    expect(withoutRegion('/volumes', '?state=in-use&region=us-east-2&sort=size')).toBe('/volumes?state=in-use&sort=size');
  });

  it('the switch opens the same page in the other Region, without filters; a snapshot page opens the list', () => {
    expect(regionSwitchHref('/', 'us-east-2', 'eu-west-2')).toBe('/?region=us-east-2');
    expect(regionSwitchHref('/volumes', 'us-east-2', 'eu-west-2')).toBe('/volumes?region=us-east-2');
    expect(regionSwitchHref('/overview/', 'us-east-2', 'eu-west-2')).toBe('/overview?region=us-east-2');
    expect(regionSwitchHref('/snapshots/snap-0000aaaa', 'us-east-2', 'eu-west-2')).toBe('/?region=us-east-2');
    expect(regionSwitchHref('/nowhere', 'us-east-2', 'eu-west-2')).toBe('/?region=us-east-2');
    // The account's first Region needs no region=.
    expect(regionSwitchHref('/overview', 'eu-west-2', 'eu-west-2')).toBe('/overview');
  });
});
