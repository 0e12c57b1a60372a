/** EC2 Query parameters (`Name=value`, lists as `Prefix.N`, structures as `Prefix.N.Field`), as FCU's responses read them. */
import type { ResourceTag } from '../../src/api/schemas';
import { fcuErrors } from './errors';

export type Params = Map<string, string>;

/** `Prefix.1`, `Prefix.2`, … in numeric order. */
export function indexed(params: Params, prefix: string): string[] {
  const found: [number, string][] = [];
  const pattern = new RegExp(`^${prefix.replace(/\./g, '\\.')}\\.(\\d+)$`);
  for (const [name, value] of params) {
    const m = pattern.exec(name);
    if (m) found.push([Number(m[1]), value]);
  }
  return found.sort((a, b) => a[0] - b[0]).map(([, value]) => value);
}

/** Groups `Prefix.N.Field[.M]` parameters by N. */
export function groups(params: Params, prefix: string): Map<number, Params> {
  const out = new Map<number, Params>();
  const pattern = new RegExp(`^${prefix.replace(/\./g, '\\.')}\\.(\\d+)\\.(.+)$`);
  for (const [name, value] of params) {
    const m = pattern.exec(name);
    if (!m) continue;
    const group = out.get(Number(m[1])) ?? new Map<string, string>();
    group.set(m[2]!, value);
    out.set(Number(m[1]), group);
  }
  return new Map([...out.entries()].sort((a, b) => a[0] - b[0]));
}

/** `Prefix.N.Key` and `Prefix.N.Value` as tags; a missing Value is an empty one. */
export function tagsFrom(params: Params, prefix: string): ResourceTag[] {
  return [...groups(params, prefix).values()].map((tag) => {
    const Key = tag.get('Key');
    if (!Key) throw fcuErrors.missing(`${prefix}.N.Key`);
    return { Key, Value: tag.get('Value') ?? '' };
  });
}

export const bool = (value: string | undefined) => value?.toLowerCase() === 'true';

export function required(params: Params, name: string): string {
  const value = params.get(name);
  if (!value) throw fcuErrors.missing(name);
  return value;
}
