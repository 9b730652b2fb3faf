import type { SourceStream } from '@datong/sdk';
import customerSchema from '../../contracts/customer.schema.json' with { type: 'json' };
import type { ShopifyClient } from '../shopify-client.js';
import type { ResolvedShopifyConfig } from '../shopify-config.js';
import { customersPageQuery, toCustomerRecord, type CustomerNode } from './customer-query.js';
import type { PageInfo } from './order-query.js';
import { readByUpdatedAt } from './updated-at-reader.js';

/**
 * The `customers` stream, incrementally by `updated_at`. Shopify's customer search matches
 * `updated_at` by whole days (reference README §3), so a pass starts at the day of the watermark
 * less the overlap and the records this run already delivered are skipped.
 */
export function customersStream(client: ShopifyClient, config: ResolvedShopifyConfig): SourceStream {
  return {
    spec: { name: 'customers', schema: customerSchema, key: ['id'], cursorField: 'updated_at' },
    read: (options) =>
      readByUpdatedAt<CustomerNode>({
        ...options,
        overlapSeconds: config.overlapSeconds,
        wholeDays: true,
        id: (node) => node.id,
        updatedAt: (node) => node.updatedAt,
        fetchPage: async (search, after) => {
          const built = await client.plan(config.pageSize, (size) => customersPageQuery(config.apiVersion, size));
          const data = await client.send<{ customers: { pageInfo: PageInfo; nodes: CustomerNode[] } }>(built, { after: after ?? null, query: search ?? null });
          return { nodes: data.customers.nodes, hasNextPage: data.customers.pageInfo.hasNextPage, endCursor: data.customers.pageInfo.endCursor };
        },
        toRecord: async (node) => toCustomerRecord(node) as unknown as Record<string, unknown>,
      }),
  };
}
