/**
 * Builds the WHERE clause of a filtered read with bound parameters: lists are passed as JSON arrays
 * (`json_each`), never spliced into the SQL.
 */
export type SqlParams = Record<string, string | number>;

export class SqlWhere {
  readonly clauses: string[] = [];
  private n = 0;

  constructor(readonly params: SqlParams) {}

  bind(value: string | number): string {
    const name = `f${this.n++}`;
    this.params[name] = value;
    return `:${name}`;
  }

  list(values: unknown[]): string {
    return `(SELECT value FROM json_each(${this.bind(JSON.stringify(values))}))`;
  }

  add(clause: string): void {
    this.clauses.push(clause);
  }

  /** `column IN (values)` when the filter is given; values in one list are OR'ed. */
  in(column: string, values: unknown[] | undefined): void {
    if (values) this.add(`${column} IN ${this.list(values)}`);
  }

  /**
   * OUTSCALE's tag filters: TagKeys and TagValues match independently; a Tags entry is an exact KEY=VALUE (split
   * at the first `=`), or a key alone when it has no `=`. Each list is one bound JSON array, so the SQL has the
   * same size and depth whatever the number of entries (an OR chain per entry hit SQLite's expression depth
   * limit at about 500 entries).
   */
  tags(resourceColumn: string, filters: { TagKeys?: string[]; TagValues?: string[]; Tags?: string[] }): void {
    const exists = (condition: string) =>
      this.add(`EXISTS (SELECT 1 FROM tags t WHERE t.resource_id = ${resourceColumn} AND ${condition})`);
    if (filters.TagKeys) exists(`t.key IN ${this.list(filters.TagKeys)}`);
    if (filters.TagValues) exists(`t.value IN ${this.list(filters.TagValues)}`);
    if (filters.Tags) {
      const keys: string[] = [];
      const pairs: [string, string][] = [];
      for (const entry of filters.Tags) {
        const at = entry.indexOf('=');
        if (at < 0) keys.push(entry);
        else pairs.push([entry.slice(0, at), entry.slice(at + 1)]);
      }
      const pairList = `(SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]') FROM json_each(${this.bind(JSON.stringify(pairs))}))`;
      exists(`(t.key IN ${this.list(keys)} OR (t.key, t.value) IN ${pairList})`);
    }
  }
}
