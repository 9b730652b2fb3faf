/** Unix seconds as ISO 8601 in China time: 1700000000 → "2023-11-15T06:13:20+08:00". */
export function chinaTime(seconds: number): string {
  return `${new Date(seconds * 1000 + 8 * 3600_000).toISOString().slice(0, 19)}+08:00`;
}

/** The same, passing null (and the platform's 0 for "not yet") through as null. */
export function chinaTimeOrNull(seconds: number | null | undefined): string | null {
  return typeof seconds === 'number' && seconds > 0 ? chinaTime(seconds) : null;
}
