import { createHmac, randomUUID } from 'node:crypto';
import type { MutationSummary } from './shop-store.js';
import { orderTotals, type EmuCustomer, type EmuOrder } from './shop-data.js';

/** One receiver subscribed through POST /_emulator/webhooks. */
interface Subscription {
  url: string;
  secret: string;
  topics?: string[];
}

/** What a store exposes to the pushes: its records by id. */
interface Records {
  order(id: number): EmuOrder | undefined;
  customer(id: number): EmuCustomer | undefined;
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z'));
const money = (cents: number) => `${Math.floor(cents / 100)}.${String(Math.abs(cents) % 100).padStart(2, '0')}`;
const REST_FULFILLMENT: Record<string, string | null> = { FULFILLED: 'fulfilled', PARTIALLY_FULFILLED: 'partial', RESTOCKED: 'restocked' };

/**
 * Shopify's webhook deliveries, written apart from the plugin's verifier: an HTTPS POST of the
 * REST JSON of the resource with X-Shopify-Topic, X-Shopify-Hmac-Sha256 (base64 HMAC-SHA256 of the
 * body under the app's client secret), X-Shopify-Shop-Domain, X-Shopify-API-Version and
 * X-Shopify-Webhook-Id (the last two UNCONFIRMED in the reference). Best effort: a failed delivery
 * is counted in /_emulator/state, never retried.
 */
export class WebhookPushes {
  private readonly subscriptions: Subscription[] = [];
  readonly counts = { delivered: 0, failed: 0 };

  constructor(
    private readonly shopDomain: string,
    private readonly apiVersion: string,
    private readonly clientSecret: string,
    private readonly records: Records,
  ) {}

  /** `{"url", "secret"?, "topics"?}`: the secret defaults to the app's client secret, as Shopify signs. */
  subscribe(body: { url?: unknown; secret?: unknown; topics?: unknown }): { subscriptions: number } {
    if (typeof body.url !== 'string' || !/^https?:\/\//.test(body.url)) throw new Error('webhooks needs {"url": "http(s)://...", "secret": "..."}');
    const secret = typeof body.secret === 'string' && body.secret !== '' ? body.secret : this.clientSecret;
    this.subscriptions.push({ url: body.url, secret, topics: Array.isArray(body.topics) ? body.topics.map(String) : undefined });
    return { subscriptions: this.subscriptions.length };
  }

  /** One push per changed or added order and customer of a mutate. */
  async mutation(summary: MutationSummary): Promise<void> {
    await this.push([
      ...summary.ordersAdded.map((id) => ['orders/create', id] as const),
      ...summary.ordersChanged.map((id) => ['orders/updated', id] as const),
      ...summary.customersAdded.map((id) => ['customers/create', id] as const),
      ...summary.customersChanged.map((id) => ['customers/update', id] as const),
    ]);
  }

  async customerEdited(id: number): Promise<void> {
    await this.push([['customers/update', id]]);
  }

  private async push(events: (readonly [string, number])[]): Promise<void> {
    await Promise.all(this.subscriptions.map(async (sub) => {
      for (const [topic, id] of events) {
        if (sub.topics && !sub.topics.includes(topic)) continue;
        const payload = topic.startsWith('orders/') ? this.orderJson(id) : this.customerJson(id);
        if (payload) await this.send(sub, topic, JSON.stringify(payload));
      }
    }));
  }

  private async send(sub: Subscription, topic: string, body: string): Promise<void> {
    const headers = {
      'content-type': 'application/json',
      'x-shopify-topic': topic,
      'x-shopify-hmac-sha256': createHmac('sha256', sub.secret).update(body, 'utf8').digest('base64'),
      'x-shopify-shop-domain': this.shopDomain,
      'x-shopify-api-version': this.apiVersion,
      'x-shopify-webhook-id': randomUUID(),
      'x-shopify-triggered-at': new Date().toISOString(),
    };
    try {
      const response = await fetch(sub.url, { method: 'POST', body, headers, signal: AbortSignal.timeout(2000) });
      await response.arrayBuffer();
      if (response.ok) this.counts.delivered += 1;
      else this.counts.failed += 1;
    } catch {
      this.counts.failed += 1;
    }
  }

  private orderJson(id: number): Record<string, unknown> | undefined {
    const order = this.records.order(id);
    if (!order) return undefined;
    const { total, refunded } = orderTotals(order);
    return {
      id: order.id, admin_graphql_api_id: `gid://shopify/Order/${order.id}`, name: `#${order.number}`, email: order.email, phone: order.phone,
      created_at: iso(order.createdAt), updated_at: iso(order.updatedAt), processed_at: iso(order.processedAt), cancelled_at: iso(order.cancelledAt), closed_at: iso(order.closedAt),
      financial_status: order.financialStatus?.toLowerCase() ?? null, fulfillment_status: REST_FULFILLMENT[order.fulfillmentStatus] ?? null,
      total_price: money(total), total_refunded: money(refunded), customer: order.customerId === null ? null : { id: order.customerId },
      line_items: order.lineItems.map((l) => ({ id: l.id, title: l.title, quantity: l.quantity, price: money(l.unitCents), sku: l.sku })),
    };
  }

  private customerJson(id: number): Record<string, unknown> | undefined {
    const c = this.records.customer(id);
    if (!c) return undefined;
    return {
      id: c.id, admin_graphql_api_id: `gid://shopify/Customer/${c.id}`, email: c.email, phone: c.phone, first_name: c.firstName, last_name: c.lastName,
      state: c.state.toLowerCase(), tags: c.tags.join(', '), note: c.note, created_at: iso(c.createdAt), updated_at: iso(c.updatedAt),
    };
  }
}
