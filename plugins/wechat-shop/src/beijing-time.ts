const BEIJING_OFFSET_MS = 8 * 3_600_000;

/** Unix seconds as ISO 8601 in Beijing time: 1700000000 → "2023-11-15T06:13:20+08:00". */
export function unixToIso(seconds: number): string {
  return msToIso(seconds * 1000);
}

/** Ms epoch as ISO 8601 with +08:00 (WeChat's times are Beijing times). */
export function msToIso(ms: number): string {
  return `${new Date(ms + BEIJING_OFFSET_MS).toISOString().slice(0, 19)}+08:00`;
}

/** "yyyy-MM-dd HH:mm:ss" in Beijing time (the mini-program shop's format) → ms epoch. */
export function beijingToMs(text: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/.exec(text.trim());
  if (!m) throw new Error(`"${text}" is not a "yyyy-MM-dd HH:mm:ss" time`);
  const [, y, mo, d, h, mi, s] = m.map(Number) as [number, number, number, number, number, number, number];
  return Date.UTC(y, mo - 1, d, h, mi, s) - BEIJING_OFFSET_MS;
}

/** Ms epoch → "yyyy-MM-dd HH:mm:ss" in Beijing time. */
export function msToBeijing(ms: number): string {
  return new Date(ms + BEIJING_OFFSET_MS).toISOString().slice(0, 19).replace('T', ' ');
}

/** The Beijing calendar day of a moment, "yyyy-MM-dd": WeChat's daily quotas reset at its midnight. */
export function beijingDay(ms: number): string {
  return msToBeijing(ms).slice(0, 10);
}
