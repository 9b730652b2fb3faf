import { createHash, timingSafeEqual } from 'node:crypto';
import type { WebhookRequest, WebhookVerdict } from '@datong/sdk';

/**
 * Whether a push really comes from Youzan: its `Event-Sign` header must be the lower-case hex
 * md5(client_id + raw body + client_secret) (doc.youzanyun.com 消息推送; youzanyun-push-demo).
 * The raw bytes exactly as received; compared timing-safe.
 */
export function eventSignMatches(rawBody: Buffer, sign: string | undefined, clientId: string, clientSecret: string): boolean {
  if (!sign || !clientId || !clientSecret) return false;
  const expected = Buffer.from(eventSign(rawBody, clientId, clientSecret));
  const given = Buffer.from(sign.trim().toLowerCase());
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** Youzan's Event-Sign of a body. */
export function eventSign(rawBody: Buffer, clientId: string, clientSecret: string): string {
  return createHash('md5').update(Buffer.concat([Buffer.from(clientId, 'utf8'), rawBody, Buffer.from(clientSecret, 'utf8')])).digest('hex');
}

/** What a push's `type` touches: trade messages the orders, refund messages refunds and orders, customer events the customers. */
export function streamsOfTopic(topic: string): string[] {
  if (/refund/i.test(topic)) return ['refunds', 'orders'];
  if (/^trade_/i.test(topic) || /^youzan_trade_/i.test(topic)) return ['orders'];
  if (/SCRM_CUSTOMER|customer/i.test(topic)) return ['customers'];
  return [];
}

/**
 * `datong listen`'s check of a Youzan push: Event-Sign verified with the config's clientId and
 * webhookSecret (the app's client_secret), the body's client_id must be ours, then the streams the
 * message type touches. The answer is the one Youzan expects: {"code":0,"msg":"success"}.
 */
export function verifyYouzanPush(request: WebhookRequest, config: { clientId?: string; webhookSecret?: string }): WebhookVerdict {
  if (!config.webhookSecret || !config.clientId) return { accepted: false, reason: 'no webhookSecret is configured for this source: every push is rejected' };
  const sign = request.headers['event-sign'];
  if (!sign) return { accepted: false, reason: 'the push carries no Event-Sign header' };
  if (!eventSignMatches(request.rawBody, sign, config.clientId, config.webhookSecret)) return { accepted: false, reason: 'the Event-Sign does not match the body' };
  let body: { type?: unknown; msg_id?: unknown; client_id?: unknown; id?: unknown; version?: unknown; kdt_id?: unknown };
  try {
    body = JSON.parse(request.rawBody.toString('utf8')) as typeof body;
  } catch {
    return { accepted: false, reason: 'the push body is not JSON', status: 400 };
  }
  if (body === null || typeof body !== 'object') return { accepted: false, reason: 'the push body is not a JSON object', status: 400 };
  if (body.client_id !== undefined && String(body.client_id) !== config.clientId) return { accepted: false, reason: 'the push is addressed to another client_id' };
  const topic = String(request.headers['event-type'] ?? body.type ?? '');
  const deliveryId = body.msg_id !== undefined ? String(body.msg_id) : body.id !== undefined ? `${topic}:${String(body.kdt_id)}:${String(body.id)}:${String(body.version)}` : undefined;
  return { accepted: true, streams: streamsOfTopic(topic), topic, deliveryId, response: { status: 200, json: { code: 0, msg: 'success' } } };
}
