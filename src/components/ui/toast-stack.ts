/**
 * The rules of the notification stack, kept pure so they can be tested: messages of one group merge into one
 * entry that counts them ("3 copies started"), the stack keeps a few entries, and from the second entry on only
 * the newest shows until the stack is expanded.
 */
export interface StackEntry<M> {
  id: number;
  /** Messages of one group (e.g. "copy-started") merge into one entry. */
  group?: string;
  /** How many messages this entry stands for. */
  count: number;
  message: M;
}

export const STACK_LIMIT = 5;

/**
 * The stack after a new message: a message of a group already in the stack replaces that entry, counted
 * (`summary(count)` words the merged entry), and the entry moves to the top; the oldest entries beyond the
 * limit go. Newest last.
 */
export function pushEntry<M>(stack: StackEntry<M>[], id: number, message: M, group?: string, summary?: (count: number) => M, limit = STACK_LIMIT): StackEntry<M>[] {
  const previous = group === undefined ? undefined : stack.find((entry) => entry.group === group);
  const count = (previous?.count ?? 0) + 1;
  const entry: StackEntry<M> = { id, count, message: count > 1 && summary ? summary(count) : message, ...(group === undefined ? {} : { group }) };
  return [...stack.filter((e) => e !== previous), entry].slice(-limit);
}

/**
 * What the stack shows, newest first: every entry when expanded or alone, else the newest, plus the entry that
 * has focus (`pinned`: a newer message never takes it away), and how many are folded.
 */
export function visibleEntries<M>(stack: StackEntry<M>[], expanded: boolean, pinned?: number | null): { shown: StackEntry<M>[]; folded: number } {
  if (expanded || stack.length <= 1) return { shown: [...stack].reverse(), folded: 0 };
  const shown = stack.filter((entry, i) => i === stack.length - 1 || entry.id === pinned).reverse();
  return { shown, folded: stack.length - shown.length };
}
