/**
 * Exact decimal text from a number or an amount as shops export it ("¥1,280.50", " 128.5 ").
 * Returns undefined for anything that is not an amount. Never goes through a float for strings.
 */
export function toDecimal(value: unknown): string | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : undefined;
  if (typeof value !== 'string') return undefined;
  const cleaned = value.trim().replace(/^[¥￥$€£]|[¥￥元]$/gu, '').replace(/,/g, '').trim();
  if (!/^[-+]?\d+(\.\d+)?$/.test(cleaned)) return undefined;
  const unsigned = cleaned.replace(/^\+/, '');
  // Canonical form: no leading zeros, so "0128.50" and "128.50" hash the same.
  return unsigned.replace(/^(-?)0+(?=\d)/, '$1');
}

const ZONELESS = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,6}))?)?)?$/;

/**
 * ISO-8601 UTC text (`2026-11-25T06:30:00.000Z`) from a timestamp. Text without a zone
 * (`2026-11-25 14:30:00`, as the Chinese platforms send it) is read in `timezone`, an offset such
 * as `+08:00` or an IANA zone such as `Asia/Shanghai`. Numbers are Unix seconds or milliseconds.
 */
export function toTimestamp(value: unknown, timezone: string): string | undefined {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : value.toISOString();
  if (typeof value === 'number') return new Date(value < 1e11 ? value * 1000 : value).toISOString();
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  // Most exports carry full ISO-8601 with a zone: the engine's own parser handles it, no regex needed.
  if (text.length > 19 && text[10] === 'T' && /(?:Z|[+-]\d\d:?\d\d)$/.test(text)) {
    const ms = Date.parse(text);
    return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
  }
  const m = ZONELESS.exec(text);
  if (m) {
    const [, y, mo, d, h = '0', mi = '0', s = '0', frac = '0'] = m;
    const wall = Date.UTC(+y!, +mo! - 1, +d!, +h, +mi, +s, Math.round(Number(`0.${frac}`) * 1000));
    const check = new Date(wall);
    if (check.getUTCMonth() !== +mo! - 1 || check.getUTCDate() !== +d!) return undefined;
    return new Date(wall - offsetMinutes(timezone, wall) * 60_000).toISOString();
  }
  if (!/^\d{4}-\d{2}-\d{2}T/.test(text)) return undefined;
  const parsed = new Date(text);
  return Number.isNaN(parsed.getTime()) ? undefined : parsed.toISOString();
}

/** `YYYY-MM-DD` from a date or timestamp text. */
export function toDate(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const m = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})/.exec(value.trim());
  if (!m) return undefined;
  return `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}`;
}

/** The offset east of UTC, in minutes, of a zone at a wall-clock instant. */
function offsetMinutes(timezone: string, wallUtcMs: number): number {
  const fixed = /^([+-])(\d{2}):?(\d{2})$/.exec(timezone);
  if (fixed) return (fixed[1] === '-' ? -1 : 1) * (Number(fixed[2]) * 60 + Number(fixed[3]));
  if (timezone === 'UTC' || timezone === 'Z') return 0;
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: timezone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric',
  }).formatToParts(new Date(wallUtcMs));
  const get = (t: string) => Number(parts.find((p) => p.type === t)?.value);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return Math.round((asUtc - Math.floor(wallUtcMs / 1000) * 1000) / 60_000);
}
