import type { WebhookDefinition, WebhookRequest, WebhookVerdict } from '@datong/sdk';
import type { WechatShopSourceConfig } from './generated/source-config.js';
import { pushSignature, sameSignature } from './push-signature.js';

/** Pushes older (or further ahead) than this are refused as replays: WeChat documents no window (UNCONFIRMED). */
const MAX_AGE_S = 300;

interface PushBody {
  Event?: string;
  Encrypt?: string;
  CreateTime?: number;
  FromUserName?: string;
  [k: string]: unknown;
}

/** The fields a push body carries, JSON or XML (WeChat sends either, by the account's setting). */
function parseBody(raw: Buffer): PushBody {
  const text = raw.toString('utf8').trim();
  if (text.startsWith('{')) {
    try {
      return JSON.parse(text) as PushBody;
    } catch {
      return {};
    }
  }
  const field = (name: string) => new RegExp(`<${name}>(?:<!\\[CDATA\\[([\\s\\S]*?)\\]\\]>|([^<]*))</${name}>`).exec(text);
  const read = (name: string) => {
    const m = field(name);
    return m ? (m[1] ?? m[2]) : undefined;
  };
  const created = read('CreateTime');
  return { Event: read('Event'), Encrypt: read('Encrypt'), FromUserName: read('FromUserName'), CreateTime: created === undefined ? undefined : Number(created) };
}

/** Which streams a push event touches: order events the orders, after-sale events the after-sales. */
function streamsOf(event: string | undefined): string[] {
  if (event === undefined) return ['orders', 'aftersales'];
  if (event.startsWith('channels_ec_order_')) return ['orders'];
  if (event.startsWith('channels_ec_aftersale_')) return ['aftersales'];
  return [];
}

/**
 * Verifies WeChat's message pushes for `datong listen`: `signature` (plain mode) or
 * `msg_signature` (safe mode, over the Encrypt field too) checked timing-safe with the config's
 * pushToken, and a timestamp within five minutes. Redeliveries share FromUserName + CreateTime
 * (WeChat's documented de-duplication key), which make the delivery id. The URL check (GET with echostr) is accepted
 * with the echostr as the answer. The push payload format is UNCONFIRMED: the event name picks
 * the streams when the body is plain; an encrypted body triggers both.
 */
export function verifyWechatPush(request: WebhookRequest, config: WechatShopSourceConfig, now: number = Date.now()): WebhookVerdict {
  const token = config.pushToken;
  if (!token) return { accepted: false, reason: 'no pushToken is configured: every push is refused' };
  const { timestamp, nonce } = request.query;
  if (!timestamp || !nonce) return { accepted: false, reason: 'the push has no timestamp or nonce' };
  if (!/^\d+$/.test(timestamp) || Math.abs(now / 1000 - Number(timestamp)) > MAX_AGE_S) {
    return { accepted: false, reason: `the push's timestamp ${timestamp} is more than ${MAX_AGE_S} s from now` };
  }
  const body = parseBody(request.rawBody);
  const safe = request.query.msg_signature;
  const received = safe ?? request.query.signature;
  if (!received) return { accepted: false, reason: 'the push is not signed' };
  if (safe !== undefined && body.Encrypt === undefined) return { accepted: false, reason: 'a msg_signature without an Encrypt field' };
  const expected = pushSignature(safe === undefined ? [token, timestamp, nonce] : [token, timestamp, nonce, body.Encrypt as string]);
  if (!sameSignature(received, expected)) return { accepted: false, reason: 'the push signature does not match the pushToken' };
  if (request.method === 'GET') {
    return { accepted: true, streams: [], topic: 'url-check', response: { status: 200, text: request.query.echostr ?? '' } };
  }
  const event = safe === undefined ? body.Event : undefined;
  const deliveryId = body.FromUserName !== undefined && body.CreateTime !== undefined ? `${body.FromUserName}:${body.CreateTime}:${event ?? 'encrypted'}` : undefined;
  return { accepted: true, streams: streamsOf(event), ...(event === undefined ? {} : { topic: event }), ...(deliveryId === undefined ? {} : { deliveryId }), response: { status: 200, text: 'success' } };
}

/** The source's webhook: WeChat's message pushes, verified by `verifyWechatPush`. */
export const wechatPushWebhook: WebhookDefinition<WechatShopSourceConfig> = {
  verify: (request, config) => verifyWechatPush(request, config),
};
