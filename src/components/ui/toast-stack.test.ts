import { describe, expect, it } from 'vitest';
import { pushEntry, STACK_LIMIT, visibleEntries, type StackEntry } from './toast-stack';

const started = (count: number) => `${count} copies started`;

describe('the notification stack', () => {
  it('merges the messages of one group into one counted entry, moved to the top', () => {
    let stack: StackEntry<string>[] = [];
    stack = pushEntry(stack, 1, 'Copy started: snap-1', 'copy-started', started);
    stack = pushEntry(stack, 2, 'Copied to the clipboard');
    stack = pushEntry(stack, 3, 'Copy started: snap-3', 'copy-started', started);
    expect(stack.map((e) => [e.id, e.count, e.message])).toEqual([
      [2, 1, 'Copied to the clipboard'],
      [3, 2, '2 copies started'],
    ]);
    stack = pushEntry(stack, 4, 'Copy started: snap-4', 'copy-started', started);
    expect(stack.at(-1)).toEqual({ id: 4, group: 'copy-started', count: 3, message: '3 copies started' });
    expect(stack).toHaveLength(2);
  });

  it('keeps the newest message of a group when no summary is given, and never merges other groups', () => {
    let stack: StackEntry<string>[] = [];
    stack = pushEntry(stack, 1, 'a', 'g');
    stack = pushEntry(stack, 2, 'b', 'g');
    stack = pushEntry(stack, 3, 'c', 'h');
    expect(stack.map((e) => [e.message, e.count])).toEqual([
      ['b', 2],
      ['c', 1],
    ]);
  });

  it('drops the oldest entries past the limit', () => {
    let stack: StackEntry<number>[] = [];
    for (let i = 1; i <= STACK_LIMIT + 3; i++) stack = pushEntry(stack, i, i);
    expect(stack.map((e) => e.id)).toEqual(Array.from({ length: STACK_LIMIT }, (_, i) => i + 4));
  });

  it('shows one entry alone, folds the older ones from the second on, and shows all, newest first, when expanded', () => {
    const one = pushEntry<string>([], 1, 'a');
    expect(visibleEntries(one, false)).toEqual({ shown: one, folded: 0 });
    const three = pushEntry(pushEntry(one, 2, 'b'), 3, 'c');
    expect(visibleEntries(three, false)).toEqual({ shown: [three[2]], folded: 2 });
    expect(visibleEntries(three, true).shown.map((e) => e.id)).toEqual([3, 2, 1]);
    expect(visibleEntries([], false)).toEqual({ shown: [], folded: 0 });
  });

  it('keeps the entry that has focus in view when newer ones arrive', () => {
    const three = pushEntry(pushEntry(pushEntry<string>([], 1, 'a'), 2, 'b'), 3, 'c');
    expect(visibleEntries(three, false, 2)).toEqual({ shown: [three[2], three[1]], folded: 1 });
    expect(visibleEntries(three, false, 3)).toEqual({ shown: [three[2]], folded: 2 });
    expect(visibleEntries(three, false, 99)).toEqual({ shown: [three[2]], folded: 2 });
  });
});
