import { describe, expect, it } from 'vitest';
import { ERROR_CATALOGUE, errorEntry, type ErrorEntry } from './error-catalogue';

const entries = Object.entries(ERROR_CATALOGUE) as [string, ErrorEntry][];

describe('the error catalogue', () => {
  it('gives each Code one meaning', () => {
    const codes = entries.map(([, entry]) => entry.code);
    expect(new Set(codes).size).toBe(codes.length);
  });

  it('follows OUTSCALE: 4xx and 5xx statuses, string codes, auth codes AccessDenied, throttling 429', () => {
    for (const [name, entry] of entries) {
      expect(entry.status, name).toBeGreaterThanOrEqual(400);
      expect(entry.code, name).toMatch(/^\d+$/);
      expect(entry.explain.length, name).toBeGreaterThan(10);
      if (['1', '4', '5', '7', '11', '13', '14', '24', '25'].includes(entry.code)) expect(entry.type, name).toBe('AccessDenied');
    }
    expect([ERROR_CATALOGUE.throttledAccount.status, ERROR_CATALOGUE.throttledCall.status]).toEqual([429, 429]);
  });

  it('finds an entry by the Code an answer carries', () => {
    expect(errorEntry('5054')).toBe(ERROR_CATALOGUE.snapshotNotFound);
    expect(errorEntry('11')?.cloudOnly).toBe(true);
    expect(errorEntry('99999')).toBeUndefined();
  });

  it("explains the operator actions' refusals: a snapshot an OMI uses, an account of another Region", () => {
    expect(errorEntry('9002')).toMatchObject({ status: 409, type: 'ResourceConflict' });
    expect(errorEntry('9002')?.explain).toMatch(/OMI.*first/);
    expect(errorEntry('5075')).toMatchObject({ status: 400, type: 'InvalidResource' });
    expect(errorEntry('5075')?.explain).toMatch(/Region/);
    expect(errorEntry('9002')?.cloudOnly).toBeUndefined();
    expect(errorEntry('5075')?.cloudOnly).toBeUndefined();
  });
});
