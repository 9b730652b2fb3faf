import type { SourceStream } from '@datong/sdk';
import orderSchema from '../../contracts/order.schema.json' with { type: 'json' };
import type { ResolvedWooConfig } from '../woo-config.js';
import type { WooClient } from '../woo-client.js';
import { modifiedOrders, readModifiedWindows } from './modified-orders.js';
import { toOrderRecord } from './order-record.js';
import type { WooOrderJson } from './woo-json.js';

/**
 * The `orders` stream: every order of the store (any status, the trash too), incrementally by
 * date_modified_gmt in windows, each with its line items, refunds summary and canonical statuses.
 * The listing carries whole orders, so no detail call is needed.
 */
export function ordersStream(client: WooClient, config: ResolvedWooConfig): SourceStream {
  return {
    spec: { name: 'orders', schema: orderSchema, key: ['id'], cursorField: 'updated_at' },
    read: (options) =>
      readModifiedWindows<WooOrderJson>(options, config, {
        fetchWindow: (from, to) => modifiedOrders(client, config, from, to),
        toRecord: (order) => toOrderRecord(order) as unknown as Record<string, unknown>,
        identity: (order) => `${order.id}@${order.date_modified_gmt}`,
      }),
  };
}
