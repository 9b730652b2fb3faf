/** TOP's clock: every time it takes or gives is `yyyy-MM-dd HH:mm:ss` in GMT+8 (China has no DST). */
const GMT8_MS = 8 * 3_600_000;
const TOP_TIME = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/;

/** A moment (ms epoch) as TOP writes it, truncated to the second: `2026-12-03 18:10:00`. */
export function formatTopTime(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000 + GMT8_MS).toISOString().slice(0, 19).replace('T', ' ');
}

/** A TOP time as ms epoch; undefined when it is not one. */
export function parseTopTime(text: string): number | undefined {
  const m = TOP_TIME.exec(text);
  if (!m) return undefined;
  const ms = Date.parse(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}+08:00`);
  return Number.isNaN(ms) ? undefined : ms;
}

/** A TOP time as ISO 8601 with its +08:00 offset kept: `2026-12-03T18:10:00+08:00`. */
export function topTimeToIso(text: string): string | undefined {
  return parseTopTime(text) === undefined ? undefined : `${text.replace(' ', 'T')}+08:00`;
}
