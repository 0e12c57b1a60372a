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

  /** OUTSCALE's tag filters: TagKeys and TagValues match independently; a Tags entry is an exact KEY=VALUE. */
  tags(resourceColumn: string, filters: { TagKeys?: string[]; TagValues?: string[]; Tags?: string[] }): void {
    const exists = (condition: string) =>
      this.add(`EXISTS (SELECT 1 FROM tags t WHERE t.resource_id = ${resourceColumn} AND ${condition})`);
    if (filters.TagKeys) exists(`t.key IN ${this.list(filters.TagKeys)}`);
    if (filters.TagValues) exists(`t.value IN ${this.list(filters.TagValues)}`);
    if (filters.Tags) {
      const pairs = filters.Tags.map((entry) => {
        const at = entry.indexOf('=');
        if (at < 0) return `t.key = ${this.bind(entry)}`;
        return `(t.key = ${this.bind(entry.slice(0, at))} AND t.value = ${this.bind(entry.slice(at + 1))})`;
      });
      exists(`(${pairs.length ? pairs.join(' OR ') : '0'})`);
    }
  }
}
