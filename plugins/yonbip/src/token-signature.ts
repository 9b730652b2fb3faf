import { createHmac } from 'node:crypto';

/**
 * The signature of a YonBIP self-built app's token request: the parameters other than
 * `signature`, sorted by name, written name then value with no separator
 * ("appKey" + appKey + "timestamp" + timestamp), HMAC-SHA256 with the appSecret as key, the RAW
 * 32 bytes Base64-encoded (not hex, unlike Kingdee). YonBIP's demo then URL-encodes it; this
 * returns the Base64 text and leaves the one URL-encoding to the query builder, so it is not
 * encoded twice.
 */
export function tokenSignature(params: Record<string, string>, appSecret: string): string {
  const text = Object.keys(params)
    .filter((name) => name !== 'signature')
    .sort()
    .map((name) => `${name}${params[name]}`)
    .join('');
  return createHmac('sha256', appSecret).update(text, 'utf8').digest('base64');
}
