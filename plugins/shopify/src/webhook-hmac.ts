import { createHmac, timingSafeEqual } from 'node:crypto';
import type { WebhookDefinition, WebhookVerdict } from '@datong/sdk';

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

/** GDPR topics Shopify requires every app to accept: answered, but nothing to read again. */
const GDPR_TOPICS = new Set(['customers/data_request', 'customers/redact', 'shop/redact']);

/** The streams a push of each topic family touches: orders/* (and refunds/*, nested in orders) and customers/*. */
function streamsOf(topic: string): string[] {
  if (GDPR_TOPICS.has(topic)) return [];
  const family = topic.slice(0, topic.indexOf('/'));
  if (family === 'orders' || family === 'refunds') return ['orders'];
  if (family === 'customers') return ['customers'];
  return [];
}

/**
 * Checks a Shopify webhook for `datong listen`: `X-Shopify-Hmac-Sha256` over the raw body with
 * the config's `webhookSecret` (the app's client secret), timing-safe. Accepted pushes name the
 * streams to read again (orders/* → orders, customers/* → customers; the GDPR topics
 * customers/data_request, customers/redact and shop/redact are accepted and trigger nothing), the
 * topic, and `X-Shopify-Webhook-Id` as the delivery id.
 */
export const shopifyWebhook: WebhookDefinition<{ webhookSecret?: string }> = {
  verify(request, config): WebhookVerdict {
    if (!config.webhookSecret) return { accepted: false, reason: 'no webhookSecret is configured for this Shopify source: every push is rejected' };
    const hmac = request.headers['x-shopify-hmac-sha256'];
    if (!hmac) return { accepted: false, reason: 'the push carries no X-Shopify-Hmac-Sha256 header' };
    if (!verifyShopifyWebhook(request.rawBody, hmac, config.webhookSecret)) {
      return { accepted: false, reason: 'X-Shopify-Hmac-Sha256 does not match the body under the configured webhookSecret' };
    }
    const topic = request.headers['x-shopify-topic'];
    if (!topic || !/^[a-z_]+\/[a-z_]+$/.test(topic)) return { accepted: false, reason: 'the signed push has no valid X-Shopify-Topic header', status: 400 };
    const deliveryId = request.headers['x-shopify-webhook-id'];
    return { accepted: true, streams: streamsOf(topic), topic, ...(deliveryId ? { deliveryId } : {}) };
  },
};
