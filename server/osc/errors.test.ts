import { describe, expect, it } from 'vitest';
import { ERROR_CATALOGUE, type ErrorEntry } from '../../src/api/error-catalogue';
import { OscError, oscErrors } from './errors';

describe('the sandbox errors', () => {
  it('answer with the catalogue entry of the same name, for every entry the sandbox uses', () => {
    for (const [name, entry] of Object.entries(ERROR_CATALOGUE) as [string, ErrorEntry][]) {
      const make = (oscErrors as Record<string, ((details: string) => OscError) | undefined>)[name];
      if (entry.cloudOnly) {
        expect(make, name).toBeUndefined();
        continue;
      }
      const error = make!('details');
      expect({ status: error.status, code: error.code, type: error.type }, name).toEqual({ status: entry.status, code: entry.code, type: entry.type });
    }
  });

  it('keep control characters out of Details and say when to come back from throttling', () => {
    expect(oscErrors.invalidParameterValue('bad \u0001 value').details).toBe('bad \uFFFD value');
    expect(oscErrors.throttledCall('wait', 2.2).retryAfterSeconds).toBe(3);
    expect(oscErrors.throttledAccount('wait').retryAfterSeconds).toBe(1);
    expect(oscErrors.unreadableBody('gone').code).toBe(ERROR_CATALOGUE.malformedJson.code);
  });
});
