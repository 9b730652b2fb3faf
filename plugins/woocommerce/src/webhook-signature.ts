import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * WooCommerce's webhook signature: base64 of HMAC-SHA256 over the raw body, keyed with the
 * webhook's secret (WC_Webhook::generate_signature).
 */
export function wooWebhookSignature(rawBody: Buffer | string, secret: string): string {
  return createHmac('sha256', secret).update(rawBody).digest('base64');
}

/**
 * Whether `X-WC-Webhook-Signature` is the signature of these exact body bytes under `secret`,
 * compared timing-safe as base64 text (a decoded comparison would accept junk appended to the
 * header, which Node's base64 decoder skips). A missing header or secret never verifies.
 */
export function verifyWooSignature(rawBody: Buffer, header: string | undefined, secret: string | undefined): boolean {
  if (!header || !secret) return false;
  const expected = Buffer.from(wooWebhookSignature(rawBody, secret));
  const given = Buffer.from(header.trim());
  return given.length === expected.length && timingSafeEqual(given, expected);
}
