import { connection, list, object, query, type BuiltQuery, type Selection } from '../graphql-selection.js';
import { ADDRESS_FIELDS, type AddressNode } from './address.js';
import { contactFields, type ContactNode } from './contact-fields.js';

/** How many refunds and fulfillments a page asks for per order; a full list is completed by a follow-up. */
export const NESTED_LIST_SIZE = 5;

const money = (name: string) => object(name, [object('shopMoney', ['amount'])]);

const LINE_ITEM_FIELDS: Selection[] = [
  'id', 'title', 'name', 'sku', 'variantTitle', 'vendor', 'quantity', 'currentQuantity', 'requiresShipping',
  object('variant', ['id']), money('originalUnitPriceSet'), money('totalDiscountSet'),
];
const REFUND_FIELDS: Selection[] = ['id', 'createdAt', 'note', money('totalRefundedSet')];
const FULFILLMENT_FIELDS: Selection[] = ['id', 'status', 'displayStatus', 'createdAt', 'deliveredAt'];

function orderFields(apiVersion: string, lineItems: number): Selection[] {
  return [
    'id', 'legacyResourceId', 'name', 'createdAt', 'updatedAt', 'processedAt', 'cancelledAt', 'cancelReason',
    'closed', 'closedAt', 'confirmed', 'test', 'displayFinancialStatus', 'displayFulfillmentStatus', 'email', 'phone',
    'currencyCode', 'presentmentCurrencyCode', 'tags', 'note', 'sourceName',
    object('customer', ['id', 'displayName', ...contactFields(apiVersion)]),
    money('totalPriceSet'), money('subtotalPriceSet'), money('totalTaxSet'), money('totalShippingPriceSet'),
    money('totalDiscountsSet'), money('totalRefundedSet'), money('currentTotalPriceSet'),
    object('shippingAddress', ADDRESS_FIELDS),
    connection('lineItems', lineItems, LINE_ITEM_FIELDS),
    list('refunds', NESTED_LIST_SIZE, REFUND_FIELDS),
    list('fulfillments', NESTED_LIST_SIZE, FULFILLMENT_FIELDS),
  ];
}

/**
 * One page of orders by `updatedAt`, oldest first, each with its first `lineItems` line items.
 * Variables: `$after`, `$query` (the search filter, e.g. `updated_at:>='2025-01-01T00:00:00Z'`).
 */
export function ordersPageQuery(apiVersion: string, first: number, lineItems: number): BuiltQuery {
  return query('OrdersByUpdatedAt', '$after: String, $query: String', [
    connection('orders', first, orderFields(apiVersion, lineItems), { after: '$after', sortKey: 'UPDATED_AT', query: '$query' }),
  ]);
}

/** The line items of one order after `$after`: for orders with more than a page holds. */
export function orderLineItemsQuery(first: number): BuiltQuery {
  return query('OrderLineItems', '$id: ID!, $after: String', [
    object('order', [connection('lineItems', first, LINE_ITEM_FIELDS, { after: '$after' })], { id: '$id' }),
  ]);
}

/** Every refund and fulfillment of one order (up to `first` each): for orders whose lists filled a page's. */
export function orderListsQuery(first: number): BuiltQuery {
  return query('OrderRefundsAndFulfillments', '$id: ID!', [
    object('order', [list('refunds', first, REFUND_FIELDS), list('fulfillments', first, FULFILLMENT_FIELDS)], { id: '$id' }),
  ]);
}

export interface Money {
  shopMoney: { amount: string };
}
export interface PageInfo {
  hasNextPage: boolean;
  endCursor: string | null;
}
export interface LineItemNode {
  id: string;
  title: string;
  name: string;
  sku: string | null;
  variantTitle: string | null;
  vendor: string | null;
  quantity: number;
  currentQuantity: number;
  requiresShipping: boolean;
  variant: { id: string } | null;
  originalUnitPriceSet: Money;
  totalDiscountSet: Money;
}
export interface RefundNode {
  id: string;
  createdAt: string | null;
  note: string | null;
  totalRefundedSet: Money;
}
export interface FulfillmentNode {
  id: string;
  status: string;
  displayStatus: string | null;
  createdAt: string;
  deliveredAt: string | null;
}
/** An order as `ordersPageQuery` returns it. */
export interface OrderNode {
  id: string;
  legacyResourceId: string;
  name: string;
  createdAt: string;
  updatedAt: string;
  processedAt: string;
  cancelledAt: string | null;
  cancelReason: string | null;
  closed: boolean;
  closedAt: string | null;
  confirmed: boolean;
  test: boolean;
  displayFinancialStatus: string | null;
  displayFulfillmentStatus: string;
  email: string | null;
  phone: string | null;
  currencyCode: string;
  presentmentCurrencyCode: string;
  tags: string[];
  note: string | null;
  sourceName: string | null;
  customer: ({ id: string; displayName: string } & ContactNode) | null;
  totalPriceSet: Money;
  subtotalPriceSet: Money | null;
  totalTaxSet: Money | null;
  totalShippingPriceSet: Money;
  totalDiscountsSet: Money | null;
  totalRefundedSet: Money;
  currentTotalPriceSet: Money;
  shippingAddress: AddressNode | null;
  lineItems: { pageInfo: PageInfo; nodes: LineItemNode[] };
  refunds: RefundNode[];
  fulfillments: FulfillmentNode[];
}
