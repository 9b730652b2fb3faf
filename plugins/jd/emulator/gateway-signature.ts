import { createHash } from 'node:crypto';

/**
 * The emulator's own reading of JOS signing (written apart from src/ on purpose): MD5 over
 * secret + name1value1name2value2… (every parameter received except sign, names in ASCII order)
 * + secret, upper-case hex.
 */
export function expectedSign(params: Map<string, string>, secret: string): string {
  const names = [...params.keys()].filter((n) => n !== 'sign').sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const text = secret + names.map((n) => n + (params.get(n) ?? '')).join('') + secret;
  return createHash('md5').update(Buffer.from(text, 'utf8')).digest('hex').toUpperCase();
}

/** yyyy-MM-dd HH:mm:ss in GMT+8. */
export function chinaTime(ms: number): string {
  const d = new Date(ms + 8 * 3600_000);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getUTCFullYear()}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}`;
}

/**
 * ms epoch of a `yyyy-MM-dd HH:mm:ss` text in GMT+8, or NaN. JD's own signing example sends
 * `2021-05-07 09:20:39.683+0800`, so milliseconds and an explicit offset are read too.
 */
export function fromChinaTime(text: string | undefined): number {
  const m = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,3}))?(?:([+-])(\d{2}):?(\d{2}))?$/.exec(text ?? '');
  if (!m) return Number.NaN;
  const [y, mo, d, h, mi, s] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  const ms = Number((m[7] ?? '0').padEnd(3, '0'));
  const offsetMin = m[8] === undefined ? 480 : (m[8] === '-' ? -1 : 1) * (Number(m[9]) * 60 + Number(m[10]));
  return Date.UTC(y, mo - 1, d, h, mi, s, ms) - offsetMin * 60_000;
}
