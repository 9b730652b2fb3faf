import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Whether a webhook really comes from Shopify: its `X-Shopify-Hmac-Sha256` header must be the
 * base64 HMAC-SHA256 of the raw request body, keyed with the app's client secret. Pass the body
 * bytes exactly as received (re-serialized JSON will not match). The comparison is timing-safe.
 *
 * @example
 *   if (!verifyShopifyWebhook(rawBody, req.headers['x-shopify-hmac-sha256'], clientSecret)) reply(401);
 */
export function verifyShopifyWebhook(rawBody: Buffer, hmacHeader: string | undefined, secret: string): boolean {
  if (!hmacHeader || !secret) return false;
  // Compared as base64 text, not decoded bytes: Node's base64 decoder skips stray characters, so a
  // decoded comparison would accept a header with junk appended.
  const expected = Buffer.from(createHmac('sha256', secret).update(rawBody).digest('base64'));
  const given = Buffer.from(hmacHeader.trim());
  // timingSafeEqual throws on different lengths; a wrong length is a wrong header anyway.
  return given.length === expected.length && timingSafeEqual(given, expected);
}
