import { createHash } from 'node:crypto';

/**
 * The emulator's own reading of PDD's signing rule (it shares no code with the plugin): take every
 * received parameter except `sign`, order the names by their UTF-8 bytes, write name and value
 * back to back, put the app secret before and after, MD5, hex in capitals.
 */
export function expectedSign(params: ReadonlyMap<string, string>, appSecret: string): string {
  const names = [...params.keys()].filter((n) => n !== 'sign');
  names.sort((a, b) => Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8')));
  const hash = createHash('md5');
  hash.update(appSecret, 'utf8');
  for (const name of names) hash.update(name + (params.get(name) ?? ''), 'utf8');
  hash.update(appSecret, 'utf8');
  return hash.digest('hex').toUpperCase();
}
