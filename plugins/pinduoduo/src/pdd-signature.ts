import { createHash } from 'node:crypto';

/**
 * PDD's request signature: every parameter but `sign` itself, sorted by name (byte order), each
 * written as name then value with nothing between, wrapped in the client secret on both sides,
 * MD5-hashed and written as UPPERCASE hex. Parameters whose value is undefined are not sent and
 * so not signed.
 *
 * @example
 *   pddSign({ type: 'pdd.order.number.list.increment.get', client_id: 'id', timestamp: '1764721000' }, secret)
 */
export function pddSign(params: Readonly<Record<string, string | number | boolean | undefined>>, clientSecret: string): string {
  const names = Object.keys(params)
    .filter((name) => name !== 'sign' && params[name] !== undefined)
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const body = names.map((name) => `${name}${String(params[name])}`).join('');
  return createHash('md5').update(`${clientSecret}${body}${clientSecret}`, 'utf8').digest('hex').toUpperCase();
}
