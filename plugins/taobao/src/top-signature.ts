import { createHash, createHmac } from 'node:crypto';

/** The TOP gateway's three `sign_method`s. */
export type TopSignMethod = 'md5' | 'hmac' | 'hmac-sha256';

/**
 * Signs a TOP request: every system and business parameter except `sign` (file parameters never
 * reach here: they are bytes, which TOP leaves out), empty values dropped, sorted by name in ASCII
 * order, written `name1value1name2value2…` in UTF-8, then `md5`: MD5(secret + text + secret);
 * `hmac`: HMAC-MD5 keyed with the secret; `hmac-sha256`: HMAC-SHA256 keyed with the secret. The
 * digest is written in upper-case hex.
 *
 * @example
 *   topSignature({ method: 'taobao.trade.fullinfo.get', app_key: '12345678', ... }, secret, 'hmac-sha256')
 */
export function topSignature(params: Readonly<Record<string, string | undefined>>, secret: string, method: TopSignMethod): string {
  const text = Object.keys(params)
    .filter((name) => name !== 'sign' && params[name] !== undefined && params[name] !== '')
    // Plain code-unit order, which for TOP's ASCII names is the ASCII order it asks for.
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
    .map((name) => `${name}${params[name]}`)
    .join('');
  switch (method) {
    case 'md5':
      return createHash('md5').update(`${secret}${text}${secret}`, 'utf8').digest('hex').toUpperCase();
    case 'hmac':
      return createHmac('md5', secret).update(text, 'utf8').digest('hex').toUpperCase();
    case 'hmac-sha256':
      return createHmac('sha256', secret).update(text, 'utf8').digest('hex').toUpperCase();
  }
}
