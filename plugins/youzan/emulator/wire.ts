/**
 * The emulator's own rendering of Youzan's wire formats (written apart from the plugin's, so a
 * misreading cannot agree with itself): China-time text, Unix seconds, fen as yuan text.
 */

const CHINA_OFFSET_MS = 8 * 60 * 60 * 1000;

/** `yyyy-MM-dd HH:mm:ss` in UTC+8. */
export function wireTime(ms: number): string {
  const iso = new Date(ms + CHINA_OFFSET_MS).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}`;
}

/** Reads `yyyy-MM-dd HH:mm:ss` (UTC+8) back to ms; undefined when the text has another shape (a date alone, say). */
export function parseWireTime(text: unknown): number | undefined {
  if (typeof text !== 'string') return undefined;
  const m = text.match(/^(\d{4})-(\d\d)-(\d\d) (\d\d):(\d\d):(\d\d)$/);
  if (m === null) return undefined;
  const [, y, mo, d, h, mi, s] = m.map(Number) as number[];
  return Date.UTC(y!, mo! - 1, d!, h!, mi!, s!) - CHINA_OFFSET_MS;
}

/** 1234 fen → "12.34". */
export function fenText(fen: number): string {
  const whole = Math.trunc(fen / 100);
  const cents = Math.abs(fen % 100);
  return `${whole}.${cents < 10 ? '0' : ''}${cents}`;
}
