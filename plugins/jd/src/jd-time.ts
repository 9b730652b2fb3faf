/** JOS times are `yyyy-MM-dd HH:mm:ss` in GMT+8 (China has no daylight saving). */
const CHINA_OFFSET_MS = 8 * 3600_000;
const JD_TIME = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2})$/;

/** A moment (ms epoch) as JOS writes it: whole seconds, GMT+8. */
export function formatJdTime(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000 + CHINA_OFFSET_MS).toISOString().slice(0, 19).replace('T', ' ');
}

/** A JOS time as ISO 8601 with its +08:00 offset, or undefined when it is not one. */
export function jdTimeToIso(text: string | null | undefined): string | undefined {
  const m = JD_TIME.exec(text ?? '');
  if (!m || m[1]?.startsWith('0000')) return undefined;
  return `${m[1]}T${m[2]}+08:00`;
}

/** A JOS time as ms epoch, or NaN. */
export function parseJdTime(text: string | null | undefined): number {
  const iso = jdTimeToIso(text);
  return iso === undefined ? Number.NaN : Date.parse(iso);
}
