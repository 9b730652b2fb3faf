import { paginate } from './connection.js';
import { CustomerView } from './customer-view.js';
import { OrderView } from './order-view.js';
import { customerField, customerSort, orderField, orderSort } from './search-fields.js';
import { matchesSearch, parseSearch } from './search-query.js';
import { connectionOf, gid, parseGid, type ListArgs, type ViewContext } from './view-support.js';

/** The QueryRoot fields the emulator serves, over the store of `ctx`. */
export function rootValue(ctx: ViewContext) {
  const { store, kit } = ctx;
  const listing = (kind: string, args: ListArgs) => `${kind}:${args.sortKey}:${args.reverse}:${args.query ?? ''}`;
  const orders = (query: string | null | undefined) => {
    const search = parseSearch(query);
    return store.orders.filter((o) => matchesSearch(search, (f) => orderField(o, f)));
  };
  const customers = (query: string | null | undefined) => {
    const search = parseSearch(query);
    return store.customers.filter((c) => matchesSearch(search, (f) => customerField(c, f)));
  };
  return {
    shop: () => ({
      __typename: 'Shop', id: gid('Shop', 1), name: store.shop.name, myshopifyDomain: `${store.shop.handle}.myshopify.com`,
      currencyCode: store.shop.currency, ianaTimezone: store.shop.timezone,
    }),
    order: ({ id }: { id: string }) => viewOf(ctx, id, 'Order'),
    customer: ({ id }: { id: string }) => viewOf(ctx, id, 'Customer'),
    node: ({ id }: { id: string }) => viewOf(ctx, id),
    nodes: ({ ids }: { ids: string[] }) => ids.map((id) => viewOf(ctx, id)),
    orders: (args: ListArgs) => {
      const sortValue = orderSort(args.sortKey ?? 'PROCESSED_AT');
      const page = paginate(kit, { items: orders(args.query), id: (o) => o.id, sortValue, faultListing: listing('orders', args) }, args, ctx.served);
      return connectionOf(page, (o) => new OrderView(o, ctx));
    },
    customers: (args: ListArgs) => {
      const sortValue = customerSort(args.sortKey ?? 'ID');
      const page = paginate(kit, { items: customers(args.query), id: (c) => c.id, sortValue, faultListing: listing('customers', args) }, args, ctx.served);
      return connectionOf(page, (c) => new CustomerView(c, ctx));
    },
    // ordersCount is capped (10,000 by default) and says when it was.
    ordersCount: ({ query, limit }: { query?: string | null; limit?: number | null }) => {
      const n = orders(query).length;
      const cap = limit ?? 10_000;
      return { count: Math.min(n, cap), precision: n > cap ? 'AT_LEAST' : 'EXACT' };
    },
    customersCount: ({ query }: { query?: string | null }) => ({ count: customers(query).length, precision: 'EXACT' }),
  };
}

function viewOf(ctx: ViewContext, id: string, only?: string): OrderView | CustomerView | null {
  const parsed = parseGid(id);
  if (!parsed || (only !== undefined && parsed.type !== only)) return null;
  if (parsed.type === 'Order') {
    const order = ctx.store.order(parsed.id);
    return order ? new OrderView(order, ctx) : null;
  }
  if (parsed.type === 'Customer') {
    const customer = ctx.store.customer(parsed.id);
    return customer ? new CustomerView(customer, ctx) : null;
  }
  return null;
}
