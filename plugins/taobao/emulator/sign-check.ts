import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The emulator's own reading of TOP's signature rule (written apart from the plugin's signer): take
 * every parameter but `sign`, drop empty values, order names by their bytes, glue name and value
 * together, then MD5 with the secret on both sides (`md5`), or HMAC-MD5 (`hmac`) / HMAC-SHA256
 * (`hmac-sha256`) keyed by the secret; upper-case hex. Undefined for a sign_method TOP lacks.
 */
export function expectedSign(params: Map<string, string>, secret: string, signMethod: string): string | undefined {
  const names = [...params.keys()].filter((n) => n !== 'sign' && (params.get(n) ?? '') !== '');
  names.sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
  let text = '';
  for (const name of names) text += name + params.get(name)!;
  let digest: Buffer;
  if (signMethod === 'md5') digest = createHash('md5').update(Buffer.from(secret + text + secret, 'utf8')).digest();
  else if (signMethod === 'hmac') digest = createHmac('md5', Buffer.from(secret, 'utf8')).update(Buffer.from(text, 'utf8')).digest();
  else if (signMethod === 'hmac-sha256') digest = createHmac('sha256', Buffer.from(secret, 'utf8')).update(Buffer.from(text, 'utf8')).digest();
  else return undefined;
  return digest.toString('hex').toUpperCase();
}

/** Compares a sent signature with the expected one in constant time. */
export function signMatches(sent: string, expected: string): boolean {
  const a = Buffer.from(sent);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
