/**
 * "50,148": a whole number with its thousands grouped, as `toLocaleString('en')` writes it, without Intl (the first
 * Intl object of a page costs 20–60 ms of ICU set-up here, and the list's "N snapshots" is on the first rows' path).
 */
export function count(n: number): string {
  return String(Math.round(n)).replace(/\B(?=(\d{3})+$)/g, ',');
}
