/** A printable, bounded copy of a client-supplied string, for messages and log lines (no forged lines). */
export function printable(value: string, max = 80): string {
  // eslint-disable-next-line no-control-regex -- control characters are exactly what must not be printed
  const clean = value.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, '?');
  return clean.length > max ? `${clean.slice(0, max)}…` : clean;
}

/** decodeURIComponent that answers null instead of throwing on a broken escape such as %ZZ. */
export function safeDecode(value: string): string | null {
  try {
    return decodeURIComponent(value);
  } catch {
    return null;
  }
}
