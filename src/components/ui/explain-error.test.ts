import { describe, expect, it } from 'vitest';
import { ERROR_CATALOGUE } from '../../api/error-catalogue';
import { OscApiError } from '../../api/errors';
import { explainError } from './explain-error';

const error = (status: number, code: string, type = 'X', kind: 'api' | 'network' | 'invalid-response' = 'api') =>
  new OscApiError({ kind, action: 'CreateSnapshot', status, errors: [{ Code: code, Type: type, Details: '' }] });

describe('explainError', () => {
  it.each([
    ['malformed ID', error(400, '4105'), /not well formed/],
    ['wrong prefix', error(400, '4104'), /not well formed/],
    ['not found or not shared', error(400, '5054'), /has not shared it with you/],
    ['wrong Region', error(400, '4047', 'InvalidParameterValue'), /refused/],
    ['source not completed', error(409, '6003', 'InvalidState'), /not in a state/],
    ['throttled per account', error(429, '24'), /throttling/],
    ['throttled per call', error(429, '25'), /throttling/],
    ['credentials rejected', error(401, '1', 'AccessDenied'), /access key or secret key was rejected/],
    ['key locked', error(401, '13', 'AccessDenied'), /locked/],
    ['foreign Host name', error(401, '14', 'AccessDenied'), /--allowed-host/],
    ['token reused', error(409, '9004', 'ResourceConflict'), /already made a copy/],
    ['no answer', error(0, '', 'NetworkError', 'network'), /could not be reached/],
    ['unreadable answer', error(502, '', 'InvalidResponse', 'invalid-response'), /does not understand/],
    ['server error', error(500, '0', 'DefaultError'), /internal error/],
  ])('explains %s in plain words', (_name, err, pattern) => {
    expect(explainError(err)).toMatch(pattern);
  });

  it('explains every Code of the catalogue the sandbox answers from, with its own words', () => {
    for (const entry of Object.values(ERROR_CATALOGUE)) {
      expect(explainError(error(entry.status, entry.code, entry.type))).toBe(entry.explain);
    }
  });
});
