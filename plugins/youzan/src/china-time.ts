import { RecordError } from '@datong/sdk';

const OFFSET_MS = 8 * 3600_000;

/**
 * A moment as Youzan's `yyyy-MM-dd HH:mm:ss` in China time (UTC+8, no daylight saving), the format
 * of youzan.trades.sold.get's time filters. Milliseconds are dropped (floored to the second).
 */
export function chinaTimeText(ms: number): string {
  const d = new Date(Math.floor(ms / 1000) * 1000 + OFFSET_MS);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
}

/**
 * Youzan's `yyyy-MM-dd HH:mm:ss` (China time) as ISO 8601 with +08:00; null for empty values.
 * A value in another shape is a record error naming the field.
 */
export function isoFromChinaText(value: unknown, field: string): string | null {
  if (value === undefined || value === null || value === '') return null;
  const m = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})$/.exec(String(value).trim());
  if (!m) throw new RecordError(`${field} "${String(value)}" is not yyyy-MM-dd HH:mm:ss`);
  return `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}+08:00`;
}

/** Unix seconds (or 13-digit milliseconds, which Youzan's docs also show) as ISO 8601 with +08:00. */
export function isoFromEpoch(value: unknown, field: string): string {
  const n = Number(value);
  if (value === null || value === undefined || value === '' || !Number.isFinite(n)) throw new RecordError(`${field} "${String(value)}" is not a Unix time`);
  const ms = n >= 1e12 ? n : n * 1000;
  return `${chinaTimeText(ms).replace(' ', 'T')}+08:00`;
}
