import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Whether a token answer's `signature` is what Salesforce documents: Base64 of HMAC-SHA256 over
 * the identity URL (`id`) followed by `issued_at`, keyed with the connected app's client secret.
 * It proves the identity URL came from Salesforce unaltered.
 */
export function tokenSignatureMatches(id: string, issuedAt: string, signature: string, clientSecret: string): boolean {
  const wanted = createHmac('sha256', clientSecret).update(id + issuedAt).digest();
  const given = Buffer.from(signature, 'base64');
  return given.length === wanted.length && timingSafeEqual(given, wanted);
}
