import type { SourceStream } from '@datong/sdk';
import refundSchema from '../../contracts/refund.schema.json' with { type: 'json' };
import type { WooCommerceRefund } from '../generated/refund.js';
import { absDecimal } from '../decimal.js';
import type { ResolvedWooConfig } from '../woo-config.js';
import type { WooClient } from '../woo-client.js';
import { modifiedOrders, readModifiedWindows } from './modified-orders.js';
import { gmtIso, idText, type WooOrderJson, type WooRefundJson } from './woo-json.js';

/** A refund with the order it belongs to. */
interface OrderRefund {
  order: WooOrderJson;
  refund: WooRefundJson;
}

/**
 * The `refunds` stream: `GET /orders/{id}/refunds` for each order, modified in the window, whose
 * `refunds` list is not empty. A refund modifies its order, so the orders' modified windows find
 * every new refund; the refunds endpoint of every WooCommerce 3.x store is used rather than the
 * newer store-wide `/refunds` listing, whose filters are by creation date only.
 */
export function refundsStream(client: WooClient, config: ResolvedWooConfig): SourceStream {
  return {
    spec: { name: 'refunds', schema: refundSchema, key: ['id'], cursorField: 'created_at' },
    read: (options) =>
      readModifiedWindows<OrderRefund>(options, config, {
        fetchWindow: (from, to) => refundsOf(client, config, modifiedOrders(client, config, from, to)),
        toRecord: ({ order, refund }) => toRefundRecord(order, refund) as unknown as Record<string, unknown>,
        identity: ({ refund }) => String(refund.id),
      }),
  };
}

async function* refundsOf(client: WooClient, config: ResolvedWooConfig, pages: AsyncIterable<WooOrderJson[]>): AsyncGenerator<OrderRefund[]> {
  for await (const orders of pages) {
    for (const order of orders) {
      if (!order.refunds || order.refunds.length === 0) continue;
      for (let page = 1; ; page++) {
        const listed = await client.list<WooRefundJson>(`/orders/${order.id}/refunds`, { per_page: config.pageSize, page });
        yield listed.items.map((refund) => ({ order, refund }));
        if (page >= listed.totalPages || listed.items.length === 0) break;
      }
    }
  }
}

/** The refund record: WooCommerce's values, the amount positive, with its order's id and currency. */
export function toRefundRecord(order: WooOrderJson, refund: WooRefundJson): WooCommerceRefund {
  return {
    id: String(refund.id),
    order_id: String(order.id),
    channel: 'woocommerce',
    amount: absDecimal(refund.amount),
    currency: order.currency,
    reason: refund.reason === undefined || refund.reason === '' ? null : refund.reason,
    refunded_by: idText(refund.refunded_by),
    refunded_payment: refund.refunded_payment ?? null,
    created_at: gmtIso(refund.date_created_gmt),
    date_created_gmt: refund.date_created_gmt,
    line_items: (refund.line_items ?? []).map((line) => ({
      id: String(line.id),
      name: line.name ?? null,
      product_id: idText(line.product_id),
      quantity: line.quantity,
      total: line.total,
    })),
  };
}
