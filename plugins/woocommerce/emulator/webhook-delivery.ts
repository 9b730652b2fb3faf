import { createHash, createHmac } from 'node:crypto';

/** One receiver subscribed through POST /_emulator/webhooks. */
export interface Subscription {
  id: number;
  url: string;
  secret: string;
  /** Topics it wants (order.created, customer.updated…); default every order.* and customer.* topic. */
  topics?: string[];
  status: 'active' | 'disabled';
  failures: number;
}

/** One push to make: the topic and the resource's JSON as the REST API would serve it. */
export interface Push {
  topic: string;
  payload: unknown;
}

/** Counts for /_emulator/state. */
export interface DeliveryCounts {
  delivered: number;
  failed: number;
  pings: number;
}

/**
 * WooCommerce's webhook deliveries, written apart from the plugin's verifier: a POST of the JSON
 * resource with X-WC-Webhook-Source/-Topic/-Resource/-Event/-Signature/-ID/-Delivery-ID, the
 * signature being base64 HMAC-SHA256 of the body with the webhook's secret. A new subscription is
 * pinged with an unsigned form body `webhook_id=N`, as WooCommerce does when a webhook is saved.
 * Best effort: a delivery that fails (no answer, or not 2xx) is counted, never retried, and after
 * `disableAfter` failures in a row the webhook is disabled (WooCommerce's threshold of 5 is
 * UNCONFIRMED).
 */
export class WebhookDelivery {
  readonly subscriptions: Subscription[] = [];
  readonly counts: DeliveryCounts = { delivered: 0, failed: 0, pings: 0 };
  private nextId = 1;
  private deliveries = 0;

  constructor(
    private readonly storeUrl: () => string,
    private readonly disableAfter = 5,
    private readonly timeoutMs = 2000,
  ) {}

  async subscribe(body: { url?: unknown; secret?: unknown; topics?: unknown }): Promise<{ id: number; ping: boolean }> {
    if (typeof body.url !== 'string' || !/^https?:\/\//.test(body.url)) throw new Error('webhooks needs {"url": "http(s)://...", "secret": "..."}');
    if (typeof body.secret !== 'string' || body.secret === '') throw new Error('webhooks needs a non-empty "secret"');
    const topics = Array.isArray(body.topics) ? body.topics.map(String) : undefined;
    const sub: Subscription = { id: this.nextId++, url: body.url, secret: body.secret, topics, status: 'active', failures: 0 };
    this.subscriptions.push(sub);
    const ping = await this.post(sub.url, `webhook_id=${sub.id}`, { 'content-type': 'application/x-www-form-urlencoded' });
    this.counts.pings += 1;
    return { id: sub.id, ping };
  }

  /** Sends every push to every subscription that wants its topic, one after another per subscription (as WooCommerce's queue does); resolves when all have answered or failed. */
  async deliver(pushes: Push[]): Promise<void> {
    await Promise.all(this.subscriptions.map(async (sub) => {
      for (const push of pushes) {
        if (sub.status !== 'active') return;
        if (sub.topics && !sub.topics.includes(push.topic)) continue;
        await this.send(sub, push);
      }
    }));
  }

  private async send(sub: Subscription, push: Push): Promise<void> {
    const body = JSON.stringify(push.payload);
    const [resource = '', event = ''] = push.topic.split('.');
    this.deliveries += 1;
    const headers = {
      'content-type': 'application/json',
      'user-agent': 'WooCommerce/9.4.2 Hookshot (WordPress/6.7.1)',
      'x-wc-webhook-source': `${this.storeUrl()}/`,
      'x-wc-webhook-topic': push.topic,
      'x-wc-webhook-resource': resource,
      'x-wc-webhook-event': event,
      'x-wc-webhook-signature': createHmac('sha256', sub.secret).update(body, 'utf8').digest('base64'),
      'x-wc-webhook-id': String(sub.id),
      'x-wc-webhook-delivery-id': createHash('md5').update(`${sub.id}:${this.deliveries}`).digest('hex'),
    };
    const ok = await this.post(sub.url, body, headers);
    if (ok) {
      this.counts.delivered += 1;
      sub.failures = 0;
      return;
    }
    this.counts.failed += 1;
    sub.failures += 1;
    if (sub.failures >= this.disableAfter) sub.status = 'disabled';
  }

  private async post(url: string, body: string, headers: Record<string, string>): Promise<boolean> {
    try {
      const response = await fetch(url, { method: 'POST', body, headers, signal: AbortSignal.timeout(this.timeoutMs) });
      await response.arrayBuffer();
      return response.ok;
    } catch {
      return false;
    }
  }
}
