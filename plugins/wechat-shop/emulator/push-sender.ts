import { createHash, randomBytes } from 'node:crypto';

/** What POST /_emulator/push takes. */
export interface PushRequest {
  /** Where the account's message-push URL points (e.g. `datong listen`). */
  url: string;
  /** The push Token configured on the account. */
  token: string;
  /** e.g. channels_ec_order_pay (default) or channels_ec_aftersale_update. */
  event?: string;
  orderId?: string;
  /** Sign with a wrong token, to see the receiver refuse it. */
  tamper?: boolean;
}

/**
 * Sends one message push as WeChat would, signed in plain mode: the query carries signature,
 * timestamp and nonce, where signature = sha1 of [token, timestamp, nonce] sorted and joined (the
 * emulator's own implementation of the documented algorithm). The JSON body's shape beyond the
 * standard push fields is UNCONFIRMED.
 */
export async function sendPush(request: PushRequest, nowMs: number): Promise<{ status: number; body: string }> {
  const timestamp = String(Math.floor(nowMs / 1000));
  const nonce = String(randomBytes(4).readUInt32BE(0));
  const token = request.tamper ? `${request.token}-tampered` : request.token;
  const signature = createHash('sha1').update([token, timestamp, nonce].sort().join('')).digest('hex');
  const event = request.event ?? 'channels_ec_order_pay';
  const body = {
    ToUserName: 'gh_emulatorshop',
    FromUserName: 'o-platform-push',
    CreateTime: Number(timestamp),
    MsgType: 'event',
    Event: event,
    ...(event.startsWith('channels_ec_aftersale_') ? { finder_shop_aftersale_status_update: { order_id: request.orderId ?? '' } } : { order_info: { order_id: request.orderId ?? '' } }),
  };
  const url = new URL(request.url);
  url.searchParams.set('signature', signature);
  url.searchParams.set('timestamp', timestamp);
  url.searchParams.set('nonce', nonce);
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: response.status, body: await response.text() };
}
