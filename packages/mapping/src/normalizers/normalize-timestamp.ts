const ZONELESS = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,6}))?)?)?$/;

/**
 * ISO-8601 UTC text (`2026-11-25T06:30:00.000Z`) from a timestamp. Zone-less wall-clock text
 * (`2026-11-25 14:30:00`, as the Chinese platforms send GMT+8 times) is read in `timezone`, an
 * offset (`+08:00`) or an IANA zone (`Asia/Shanghai`). Numbers (or digit strings) are Unix seconds,
 * or milliseconds when large. ISO text with a zone keeps its own zone. Undefined when unreadable.
 *
 * @example
 *   normalizeTimestamp('2026-11-25 14:30:00') // '2026-11-25T06:30:00.000Z'
 */
export function normalizeTimestamp(value: unknown, timezone = '+08:00'): string | undefined {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : value.toISOString();
  if (typeof value === 'string' && /^\d{9,13}$/.test(value.trim())) value = Number(value.trim());
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return undefined;
    return new Date(value < 1e11 ? value * 1000 : value).toISOString();
  }
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  const m = ZONELESS.exec(text);
  if (m) {
    const [, y, mo, d, h = '0', mi = '0', s = '0', frac = '0'] = m;
    const wall = Date.UTC(+y!, +mo! - 1, +d!, +h, +mi, +s, Math.round(Number(`0.${frac}`) * 1000));
    const check = new Date(wall);
    if (check.getUTCMonth() !== +mo! - 1 || check.getUTCDate() !== +d! || +h > 23) return undefined;
    const offset = offsetMinutes(timezone, wall);
    if (offset === undefined) return undefined;
    return new Date(wall - offset * 60_000).toISOString();
  }
  if (!/^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})$/i.test(text)) return undefined;
  const ms = Date.parse(text.replace(' ', 'T').replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
}

/** `YYYY-MM-DD` from a date or a wall-clock timestamp text. */
export function normalizeDate(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const m = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})/.exec(value.trim());
  if (!m) return undefined;
  return `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}`;
}

/** The offset east of UTC, in minutes, of a zone at a wall-clock instant. */
function offsetMinutes(timezone: string, wallUtcMs: number): number | undefined {
  const fixed = /^(?:GMT|UTC)?([+-])(\d{1,2}):?(\d{2})?$/i.exec(timezone);
  if (fixed) return (fixed[1] === '-' ? -1 : 1) * (Number(fixed[2]) * 60 + Number(fixed[3] ?? 0));
  if (timezone === 'UTC' || timezone === 'Z') return 0;
  let parts: Intl.DateTimeFormatPart[];
  try {
    parts = new Intl.DateTimeFormat('en-US', {
      timeZone: timezone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric',
    }).formatToParts(new Date(wallUtcMs));
  } catch {
    return undefined;
  }
  const get = (t: string) => Number(parts.find((p) => p.type === t)?.value);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return Math.round((asUtc - Math.floor(wallUtcMs / 1000) * 1000) / 60_000);
}
