import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';

const STATUS = ['WAIT_BUYER_PAY', 'WAIT_SELLER_SEND_GOODS', 'WAIT_BUYER_CONFIRM_GOODS', 'TRADE_FINISHED', 'TRADE_CLOSED'] as const;

export interface SourceOrder {
  order_no: string;
  shop: string;
  buyer: string;
  status: (typeof STATUS)[number];
  payment: string;
  created: string;
}

/** `n` orders, deterministic; `revision` changes the payment of every 50th so content differs. */
export function makeOrders(n: number, revision = 0): SourceOrder[] {
  return Array.from({ length: n }, (_, i) => ({
    order_no: `O${String(i + 1).padStart(7, '0')}`,
    shop: i % 3 === 0 ? 'jd' : 'tmall',
    buyer: `买家${i % 977}`,
    status: STATUS[i % STATUS.length]!,
    payment: (((i * 37) % 100000) / 100 + (revision > 0 && i % 50 === 0 ? revision : 0)).toFixed(2),
    created: `2026-11-${String(1 + (i % 28)).padStart(2, '0')} ${String(i % 24).padStart(2, '0')}:15:00`,
  }));
}

export function writeOrders(dir: string, orders: SourceOrder[], file = 'orders.ndjson'): string {
  const path = join(dir, file);
  writeFileSync(path, `${orders.map((o) => JSON.stringify(o)).join('\n')}\n`);
  return path;
}

/** The pipeline the crash and bad-input tests run: NDJSON orders to a Postgres table. */
export function writePipeline(dir: string, options: { batchSize: number; path?: string; extra?: string } ): string {
  const file = join(dir, 'pipeline.yaml');
  writeFileSync(file, `# yaml-language-server: $schema=../../../../schemas/pipeline.schema.json
name: crash-orders
sources:
  shop:
    plugin: "@datong/plugin-file"
    config:
      streams:
        orders: { path: ${options.path ?? 'orders.ndjson'}, key: [order_no] }
sinks:
  warehouse:
    plugin: "@datong/plugin-postgres"
    config: { url: { env: WAREHOUSE_URL } }
stages:
  - name: orders
    from: shop.orders
    to: warehouse.orders
    model: order
    batchSize: ${options.batchSize}
    map:
      order_id: order_no
      channel: shop
      customer_name: buyer
      lifecycle_status: { from: status, values: { WAIT_BUYER_PAY: pending, WAIT_SELLER_SEND_GOODS: open, WAIT_BUYER_CONFIRM_GOODS: open, TRADE_FINISHED: completed, TRADE_CLOSED: cancelled } }
      payment_status: { cases: [ { when: { status: [WAIT_BUYER_PAY, TRADE_CLOSED] }, then: unpaid } ], else: paid }
      fulfillment_status: { from: status, values: { WAIT_BUYER_PAY: unfulfilled, WAIT_SELLER_SEND_GOODS: unfulfilled, WAIT_BUYER_CONFIRM_GOODS: shipped, TRADE_FINISHED: delivered, TRADE_CLOSED: unfulfilled } }
      refund_status: { const: none }
      total: { from: payment, type: decimal }
      currency: { const: CNY }
      created_at: { from: created, type: timestamp }
${options.extra ?? ''}`);
  return file;
}

/** What the warehouse must hold for these orders: key -> content hash, computed independently of datong. */
export function expectedRows(orders: SourceOrder[]): Map<string, string> {
  const lifecycle = { WAIT_BUYER_PAY: 'pending', WAIT_SELLER_SEND_GOODS: 'open', WAIT_BUYER_CONFIRM_GOODS: 'open', TRADE_FINISHED: 'completed', TRADE_CLOSED: 'cancelled' };
  const fulfillment = { WAIT_BUYER_PAY: 'unfulfilled', WAIT_SELLER_SEND_GOODS: 'unfulfilled', WAIT_BUYER_CONFIRM_GOODS: 'shipped', TRADE_FINISHED: 'delivered', TRADE_CLOSED: 'unfulfilled' };
  const out = new Map<string, string>();
  for (const o of orders) {
    const paid = o.status === 'WAIT_BUYER_PAY' || o.status === 'TRADE_CLOSED' ? 'unpaid' : 'paid';
    // The source's wall clock is GMT+8.
    const [d, t] = o.created.split(' ');
    const created = new Date(`${d}T${t}+08:00`).toISOString().slice(0, 19);
    out.set(o.order_no, rowHash([o.order_no, o.shop, o.buyer, lifecycle[o.status], paid, fulfillment[o.status], 'none', o.payment, 'CNY', created]));
  }
  return out;
}

/** key -> content hash of every row in the warehouse table, plus how many rows there are. */
export async function warehouseRows(url: string): Promise<{ count: number; rows: Map<string, string> }> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<Record<string, string>>(`
      select order_id, channel, customer_name, lifecycle_status, payment_status, fulfillment_status, refund_status,
             total::text as total, currency, to_char(created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS') as created
      from public.orders`);
    const map = new Map<string, string>();
    for (const r of rows) {
      map.set(r.order_id!, rowHash([r.order_id, r.channel, r.customer_name, r.lifecycle_status, r.payment_status, r.fulfillment_status, r.refund_status, r.total, r.currency, r.created]));
    }
    return { count: rows.length, rows: map };
  } finally {
    await client.end();
  }
}

/** Missing, extra and stale keys between what the warehouse must hold and what it holds. */
export function compareRows(expected: Map<string, string>, actual: Map<string, string>) {
  const missing = [...expected.keys()].filter((k) => !actual.has(k));
  const extra = [...actual.keys()].filter((k) => !expected.has(k));
  const stale = [...expected.keys()].filter((k) => actual.has(k) && actual.get(k) !== expected.get(k));
  return { missing: missing.length, extra: extra.length, stale: stale.length, examples: [...missing, ...extra, ...stale].slice(0, 5) };
}

function rowHash(values: (string | undefined)[]): string {
  return createHash('md5').update(values.join('|')).digest('hex');
}
