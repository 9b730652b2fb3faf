import type { ShopifyCustomer } from '../generated/customer.js';
import { connection, object, query, type BuiltQuery } from '../graphql-selection.js';
import { ADDRESS_FIELDS, toAddress, type AddressNode } from './address.js';
import { contactFields, contactOf, type ContactNode } from './contact-fields.js';

/**
 * One page of customers by `updatedAt`, oldest first. Variables: `$after`, `$query` (e.g.
 * `updated_at:>='2025-01-02'`; Shopify matches customers' updated_at by whole days).
 */
export function customersPageQuery(apiVersion: string, first: number): BuiltQuery {
  const fields = [
    'id', 'legacyResourceId', 'firstName', 'lastName', 'displayName', ...contactFields(apiVersion), 'state', 'tags', 'note',
    'verifiedEmail', 'taxExempt', 'locale', 'numberOfOrders', 'createdAt', 'updatedAt',
    object('amountSpent', ['amount', 'currencyCode']), object('defaultAddress', ADDRESS_FIELDS),
  ];
  return query('CustomersByUpdatedAt', '$after: String, $query: String', [
    connection('customers', first, fields, { after: '$after', sortKey: 'UPDATED_AT', query: '$query' }),
  ]);
}

/** A customer as `customersPageQuery` returns it. */
export interface CustomerNode extends ContactNode {
  id: string;
  legacyResourceId: string;
  firstName: string | null;
  lastName: string | null;
  displayName: string;
  state: ShopifyCustomer['state'];
  tags: string[];
  note: string | null;
  verifiedEmail: boolean;
  taxExempt: boolean;
  locale: string;
  numberOfOrders: string;
  createdAt: string;
  updatedAt: string;
  amountSpent: { amount: string; currencyCode: string };
  defaultAddress: AddressNode | null;
}

/** The customer record, Shopify's values in snake_case. */
export function toCustomerRecord(node: CustomerNode): ShopifyCustomer {
  const contact = contactOf(node);
  return {
    id: node.id,
    legacy_id: node.legacyResourceId,
    first_name: node.firstName,
    last_name: node.lastName,
    display_name: node.displayName,
    email: contact.email,
    phone: contact.phone,
    state: node.state,
    tags: node.tags,
    note: node.note,
    verified_email: node.verifiedEmail,
    tax_exempt: node.taxExempt,
    locale: node.locale,
    number_of_orders: node.numberOfOrders,
    amount_spent: node.amountSpent.amount,
    amount_spent_currency: node.amountSpent.currencyCode,
    created_at: node.createdAt,
    updated_at: node.updatedAt,
    default_address: toAddress(node.defaultAddress),
  };
}
