/**
 * Turns a request body into a validated action input, or into the OUTSCALE error that names the first
 * problem: unknown parameter, missing parameter, wrong type or bad value. The schemas are the same ones the
 * browser client uses (src/api/schemas.ts).
 */
import type * as z from 'zod/mini';
import { OscError, oscErrors } from './errors';

function valueAt(root: unknown, path: PropertyKey[]): unknown {
  let current = root;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}

function pathName(path: PropertyKey[]): string {
  return path
    .map((part, index) => (typeof part === 'number' ? `[${part}]` : `${index ? '.' : ''}${String(part)}`))
    .join('');
}

function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

function unit(origin: string): string {
  if (origin === 'string') return 'characters';
  if (origin === 'array' || origin === 'set') return 'items';
  return '';
}

export function issueToError(issue: z.core.$ZodIssue, body: unknown): OscError {
  const where = pathName(issue.path);
  switch (issue.code) {
    case 'unrecognized_keys': {
      const names = issue.keys.map((key) => (where ? `${where}.${key}` : key));
      return oscErrors.invalidParameter(
        `Unknown parameter${names.length > 1 ? 's' : ''}: ${names.map((n) => `'${n}'`).join(', ')}.`,
      );
    }
    case 'invalid_type': {
      const value = valueAt(body, issue.path);
      if (value === undefined) return oscErrors.missingParameter(`The parameter '${where}' is required.`);
      return oscErrors.invalidParameterType(
        `The parameter '${where}' must be of type ${issue.expected}, not ${jsonType(value)}.`,
      );
    }
    case 'invalid_union': {
      return oscErrors.invalidParameterType(`The parameter '${where}' has an invalid type or format.`);
    }
    case 'too_big':
      return oscErrors.invalidParameterValue(
        `The parameter '${where}' must be at most ${String(issue.maximum)}${issue.origin === 'number' ? '' : ` ${unit(issue.origin)}`}.`,
      );
    case 'too_small':
      return oscErrors.invalidParameterValue(
        `The parameter '${where}' must be at least ${String(issue.minimum)}${issue.origin === 'number' ? '' : ` ${unit(issue.origin)}`}.`,
      );
    case 'custom':
      // The request schemas' own rules (e.g. FORBIDDEN_TEXT_CHAR) carry a message that completes the sentence.
      return oscErrors.invalidParameterValue(`The parameter '${where || 'request'}' ${issue.message}`);
    case 'invalid_format':
      return oscErrors.invalidParameterValue(`The parameter '${where}' must be a valid ${issue.format}.`);
    default:
      return oscErrors.invalidParameterValue(`The parameter '${where || 'request'}' has an invalid value.`);
  }
}

export function parseBody(raw: Buffer): unknown {
  const text = raw.toString('utf8').trim();
  if (text === '') return {};
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw oscErrors.malformedJson('The request body is not valid JSON.');
  }
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw oscErrors.invalidParameterType(`The request body must be a JSON object, not ${jsonType(body)}.`);
  }
  return body;
}

export function validateInput<S extends z.ZodMiniType>(schema: S, body: unknown): z.output<S> {
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  const first = result.error.issues[0];
  if (!first) throw oscErrors.invalidParameterValue('The request is invalid.');
  throw issueToError(first, body);
}

export { OscError };
