/**
 * Search matches marked in a cell's text. Only the table's cells use it, so it loads with the table's chunk,
 * not with the first screen's JavaScript (rows.ts, which holds the search itself, is in that).
 */

/**
 * `text` cut into runs, each marked when it is part of a search word's match (case-insensitive, overlaps
 * merged), for `<mark>`: called only for the rows on screen.
 */
export function markMatches(text: string, words: readonly string[]): { text: string; match: boolean }[] {
  const lower = text.toLowerCase();
  if (words.length === 0 || lower.length !== text.length) return [{ text, match: false }];
  const ranges: [number, number][] = [];
  for (const word of words) {
    for (let at = lower.indexOf(word); at !== -1; at = lower.indexOf(word, at + 1)) ranges.push([at, at + word.length]);
  }
  if (ranges.length === 0) return [{ text, match: false }];
  ranges.sort((a, b) => a[0] - b[0]);
  const parts: { text: string; match: boolean }[] = [];
  let done = 0;
  for (const [from, to] of ranges) {
    if (to <= done) continue;
    const start = Math.max(from, done);
    if (start > done) parts.push({ text: text.slice(done, start), match: false });
    const last = parts[parts.length - 1];
    if (last?.match && start === done) last.text += text.slice(start, to);
    else parts.push({ text: text.slice(start, to), match: true });
    done = to;
  }
  if (done < text.length) parts.push({ text: text.slice(done), match: false });
  return parts;
}
