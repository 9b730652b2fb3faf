import { createHash } from 'node:crypto';

/**
 * The JOS request signature: every parameter but `sign` (system ones, `access_token` and the
 * `360buy_param_json` string included), sorted by name, concatenated as name+value, wrapped in the
 * app secret, MD5 over the UTF-8 bytes, upper-case hex. JOS only digests with MD5.
 *
 * @example
 *   query.sign = josSign({ method, app_key, access_token, timestamp, v: '2.0', ... }, appSecret);
 */
export function josSign(params: Readonly<Record<string, string>>, appSecret: string): string {
  let text = appSecret;
  for (const name of Object.keys(params).filter((n) => n !== 'sign').sort()) text += `${name}${params[name]}`;
  text += appSecret;
  return createHash('md5').update(text, 'utf8').digest('hex').toUpperCase();
}
