import { describe, expect, it } from 'vitest';
import { count } from './count';

describe('count', () => {
  it('groups thousands as toLocaleString("en") does', () => {
    for (const n of [0, 7, 999, 1000, 1001, 12_345, 50_148, 999_999, 1_000_000, 123_456_789, -1, -1234, -1_000_000]) {
      expect(count(n)).toBe(n.toLocaleString('en'));
    }
  });
});
