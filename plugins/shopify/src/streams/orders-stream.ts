import type { SourceStream } from '@datong/sdk';
import orderSchema from '../../contracts/order.schema.json' with { type: 'json' };
import type { ShopifyClient } from '../shopify-client.js';
import type { ResolvedShopifyConfig } from '../shopify-config.js';
import { toOrderRecord } from './order-record.js';
import {
  NESTED_LIST_SIZE,
  orderLineItemsQuery,
  orderListsQuery,
  ordersPageQuery,
  type FulfillmentNode,
  type LineItemNode,
  type OrderNode,
  type PageInfo,
  type RefundNode,
} from './order-query.js';
import { readByUpdatedAt } from './updated-at-reader.js';

/** Shopify's page-size cap for connections and plain lists. */
const MAX_PAGE = 250;

/**
 * The `orders` stream: every order of the shop (any status), incrementally by `updated_at`, with
 * its line items, refunds and fulfillments nested and the four canonical statuses computed.
 */
export function ordersStream(client: ShopifyClient, config: ResolvedShopifyConfig): SourceStream {
  return {
    spec: { name: 'orders', schema: orderSchema, key: ['id'], cursorField: 'updated_at' },
    read: (options) =>
      readByUpdatedAt<OrderNode>({
        ...options,
        overlapSeconds: config.overlapSeconds,
        wholeDays: false,
        id: (node) => node.id,
        updatedAt: (node) => node.updatedAt,
        fetchPage: async (search, after) => {
          const built = await client.plan(config.pageSize, (size) => ordersPageQuery(config.apiVersion, size, config.lineItemsPageSize));
          const data = await client.send<{ orders: { pageInfo: PageInfo; nodes: OrderNode[] } }>(built, { after: after ?? null, query: search ?? null });
          return { nodes: data.orders.nodes, hasNextPage: data.orders.pageInfo.hasNextPage, endCursor: data.orders.pageInfo.endCursor };
        },
        toRecord: async (node) => {
          const lines = await allLineItems(client, node);
          const lists = await allRefundsAndFulfillments(client, node);
          return toOrderRecord(node, lines, lists.refunds, lists.fulfillments) as unknown as Record<string, unknown>;
        },
      }),
  };
}

/** The order's line items: the page's, then the rest by follow-up queries. */
async function allLineItems(client: ShopifyClient, node: OrderNode): Promise<LineItemNode[]> {
  const lines = [...node.lineItems.nodes];
  let pageInfo = node.lineItems.pageInfo;
  while (pageInfo.hasNextPage && pageInfo.endCursor) {
    const built = await client.plan(MAX_PAGE, orderLineItemsQuery);
    const data = await client.send<{ order: { lineItems: { pageInfo: PageInfo; nodes: LineItemNode[] } } | null }>(built, { id: node.id, after: pageInfo.endCursor });
    // The order was deleted meanwhile: what the page had is all there is.
    if (!data.order) break;
    lines.push(...data.order.lineItems.nodes);
    pageInfo = data.order.lineItems.pageInfo;
  }
  return lines;
}

/** Refunds and fulfillments are plain lists: when the page's filled up, ask again for up to 250. */
async function allRefundsAndFulfillments(client: ShopifyClient, node: OrderNode): Promise<{ refunds: RefundNode[]; fulfillments: FulfillmentNode[] }> {
  if (node.refunds.length < NESTED_LIST_SIZE && node.fulfillments.length < NESTED_LIST_SIZE) return node;
  const built = await client.plan(MAX_PAGE, orderListsQuery);
  const data = await client.send<{ order: { refunds: RefundNode[]; fulfillments: FulfillmentNode[] } | null }>(built, { id: node.id });
  return data.order ?? node;
}
