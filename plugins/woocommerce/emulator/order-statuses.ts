/**
 * The emulator's own copy of WooCommerce's order statuses (written apart from src/status-map.ts on
 * purpose): the REST v3 `status` values plus checkout-draft, and how mutate moves an order along.
 */
export const ORDER_STATUSES = ['pending', 'processing', 'on-hold', 'completed', 'cancelled', 'refunded', 'failed', 'checkout-draft', 'trash'] as const;

/** Statuses `status=any` lists: everything but the trash (UNCONFIRMED whether checkout-draft is included; it is here). */
export const ANY_STATUSES: readonly string[] = ORDER_STATUSES.filter((s) => s !== 'trash');

/** Where a buyer or the merchant takes an order next. */
export const NEXT_STATUS: Readonly<Record<string, string>> = {
  'checkout-draft': 'pending',
  pending: 'processing',
  failed: 'pending',
  'on-hold': 'processing',
  processing: 'completed',
  completed: 'completed',
  cancelled: 'trash',
  refunded: 'refunded',
  trash: 'trash',
};

/** Statuses whose orders have been paid (date_paid set). */
export const PAID_STATUSES = new Set(['processing', 'completed', 'refunded']);
