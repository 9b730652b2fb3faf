import { createHash, randomUUID } from 'node:crypto';
import { fullOrderInfo, customerView, type ViewOptions } from './order-view.js';
import type { MutationSummary } from './shop-store.js';

export interface PushTarget {
  url: string;
  /** Signs with this instead of the app's client_secret (a receiver's own secret). */
  secret?: string;
}

/** The emulator's own Event-Sign: md5 over client_id, the body bytes, client_secret, as lower-case hex. */
export function signPush(clientId: string, body: Buffer, secret: string): string {
  const hash = createHash('md5');
  hash.update(clientId, 'utf8');
  hash.update(body);
  hash.update(secret, 'utf8');
  return hash.digest('hex');
}

/**
 * Youzan's HTTP push to a no-container app: POST application/json with Event-Sign, Event-Type and
 * Client-Id headers; the body names the message type, the shop and the resource, and carries the
 * message as URL-encoded JSON in `msg`. Best effort: one try per push, 5 s to answer with a body
 * containing "success"; failures are counted, never retried forever.
 */
export class PushSender {
  private targets: PushTarget[] = [];
  delivered = 0;
  failed = 0;
  private version = 0;

  constructor(private readonly app: { clientId: string; clientSecret: string; kdtId: number; view: ViewOptions; now: () => number }) {}

  subscribe(target: PushTarget): { subscribed: number } {
    if (typeof target?.url !== 'string' || !/^https?:\/\//.test(target.url)) throw new Error('webhooks takes {"url": "http://…", "secret"?: "…"}');
    this.targets.push({ url: target.url, secret: target.secret });
    return { subscribed: this.targets.length };
  }

  /** One push per changed resource, to every subscriber; resolves when all were tried. */
  async pushChanges(changes: MutationSummary): Promise<void> {
    if (this.targets.length === 0) return;
    const messages: { type: string; id: string; status: string; msg: unknown }[] = [];
    for (const order of changes.orders) {
      const type = order.status === 'TRADE_CLOSED' ? 'trade_TradeClose' : order.status === 'TRADE_SUCCESS' ? 'trade_TradeSuccess' : order.status === 'WAIT_BUYER_CONFIRM_GOODS' ? 'trade_TradeSellerShip' : order.status === 'WAIT_SELLER_SEND_GOODS' ? 'trade_TradeBuyerPay' : 'trade_TradeCreate';
      messages.push({ type, id: order.tid, status: order.status, msg: fullOrderInfo(order, this.app.view) });
    }
    for (const refund of changes.refunds) messages.push({ type: 'trade_refund_BuyerCreated', id: refund.tid, status: refund.status, msg: { tid: refund.tid, refund_id: refund.refundId } });
    for (const customer of changes.customers) messages.push({ type: 'SCRM_CUSTOMER_EVENT', id: customer.yzOpenId, status: 'CUSTOMER_CREATED', msg: customerView(customer) });
    const sends: Promise<void>[] = [];
    for (const message of messages) {
      this.version++;
      const body = Buffer.from(JSON.stringify({
        client_id: this.app.clientId, kdt_id: this.app.kdtId, kdt_name: '大通演示店', id: message.id, type: message.type, status: message.status,
        msg: encodeURIComponent(JSON.stringify(message.msg)), msg_id: randomUUID(), version: Math.floor(this.app.now() / 1000) * 1000 + this.version,
        test: false, mode: 1,
      }), 'utf8');
      for (const target of this.targets) sends.push(this.send(target, message.type, body));
    }
    await Promise.all(sends);
  }

  private async send(target: PushTarget, type: string, body: Buffer): Promise<void> {
    try {
      const response = await fetch(target.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'event-sign': signPush(this.app.clientId, body, target.secret ?? this.app.clientSecret),
          'event-type': type,
          'client-id': this.app.clientId,
        },
        body,
        signal: AbortSignal.timeout(5000),
      });
      const text = await response.text();
      if (response.ok && text.includes('success')) this.delivered++;
      else this.failed++;
    } catch {
      this.failed++;
    }
  }
}
