import type { WebhookDefinition, WebhookVerdict } from '@datong/sdk';
import type { WooCommerceSourceConfig } from './generated/source-config.js';
import { verifyWooSignature } from './webhook-signature.js';

/** The streams a push of each WooCommerce resource touches; product.* and coupon.* touch none. */
const STREAMS_BY_RESOURCE: Readonly<Record<string, string[]>> = {
  order: ['orders', 'refunds'],
  customer: ['customers'],
};

/**
 * Checks a WooCommerce webhook delivery for `datong listen`: `X-WC-Webhook-Signature` must be the
 * base64 HMAC-SHA256 of the raw body with the webhook secret (timing-safe). Accepted pushes name
 * the streams to read again (order.* → orders and refunds, customer.* → customers), the topic and
 * `X-WC-Webhook-Delivery-ID`. WooCommerce's creation ping — a form body `webhook_id=N`, unsigned,
 * sent when a webhook is saved — is answered 200 and triggers nothing.
 */
export const wooWebhook: WebhookDefinition<WooCommerceSourceConfig> = {
  verify(request, config): WebhookVerdict {
    const secret = config.webhookSecret;
    if (!secret) return { accepted: false, reason: 'no webhookSecret is configured for this WooCommerce source: every push is rejected' };
    const signature = request.headers['x-wc-webhook-signature'];
    if (signature === undefined || signature === '') {
      if (isPing(request.rawBody, request.headers)) return { accepted: true, streams: [], topic: 'ping', response: { status: 200 } };
      return { accepted: false, reason: 'the push carries no X-WC-Webhook-Signature header' };
    }
    if (!verifyWooSignature(request.rawBody, signature, secret)) {
      return { accepted: false, reason: 'X-WC-Webhook-Signature does not match the body under the configured webhookSecret' };
    }
    const topic = request.headers['x-wc-webhook-topic'];
    if (!topic || !/^[a-z_]+\.[a-z_]+$/.test(topic)) return { accepted: false, reason: 'the signed push has no valid X-WC-Webhook-Topic header', status: 400 };
    const resource = request.headers['x-wc-webhook-resource'] ?? topic.slice(0, topic.indexOf('.'));
    const deliveryId = request.headers['x-wc-webhook-delivery-id'];
    return { accepted: true, streams: STREAMS_BY_RESOURCE[resource] ?? [], topic, ...(deliveryId ? { deliveryId } : {}) };
  },
};

/** WooCommerce's unsigned test delivery when a webhook is created: `webhook_id=<id>` and nothing else. */
function isPing(rawBody: Buffer, headers: Record<string, string>): boolean {
  return headers['x-wc-webhook-topic'] === undefined && /^webhook_id=\d+$/.test(rawBody.toString('utf8').trim());
}
