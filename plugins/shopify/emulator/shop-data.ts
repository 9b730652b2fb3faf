/**
 * The emulated shop's records, as the emulator keeps them: moments as ms epochs, money as integer
 * cents in the shop currency. The GraphQL views (graphql-views.ts) turn them into Shopify's shapes.
 */

export interface EmuAddress {
  firstName: string;
  lastName: string;
  company: string | null;
  address1: string;
  address2: string | null;
  city: string;
  province: string;
  provinceCode: string | null;
  country: string;
  countryCode: string;
  zip: string;
  phone: string | null;
}

export interface EmuCustomer {
  id: number;
  firstName: string;
  lastName: string;
  email: string | null;
  phone: string | null;
  state: 'DECLINED' | 'DISABLED' | 'ENABLED' | 'INVITED';
  tags: string[];
  note: string | null;
  verifiedEmail: boolean;
  taxExempt: boolean;
  locale: string;
  currency: string;
  emailMarketing: 'NOT_SUBSCRIBED' | 'SUBSCRIBED' | 'UNSUBSCRIBED' | 'PENDING';
  createdAt: number;
  updatedAt: number;
  address: EmuAddress | null;
}

export interface EmuLineItem {
  id: number;
  productId: number;
  variantId: number | null;
  title: string;
  variantTitle: string | null;
  sku: string | null;
  vendor: string | null;
  quantity: number;
  /** Quantity after refunds removed some. */
  currentQuantity: number;
  unitCents: number;
  discountCents: number;
  requiresShipping: boolean;
  taxable: boolean;
}

export interface EmuRefund {
  id: number;
  createdAt: number;
  updatedAt: number;
  note: string | null;
  amountCents: number;
  lines: { lineItemId: number; quantity: number; restockType: 'RETURN' | 'CANCEL' | 'NO_RESTOCK' }[];
}

export interface EmuFulfillment {
  id: number;
  status: 'SUCCESS' | 'CANCELLED' | 'ERROR' | 'FAILURE';
  displayStatus: string | null;
  createdAt: number;
  updatedAt: number;
  deliveredAt: number | null;
  quantity: number;
  trackingCompany: string | null;
  trackingNumber: string | null;
}

export interface EmuOrder {
  id: number;
  number: number;
  customerId: number | null;
  email: string | null;
  phone: string | null;
  locale: string;
  /** The currency the buyer saw; totals are kept in the shop currency. */
  presentmentCurrency: string;
  createdAt: number;
  updatedAt: number;
  processedAt: number;
  cancelledAt: number | null;
  cancelReason: 'CUSTOMER' | 'DECLINED' | 'FRAUD' | 'INVENTORY' | 'STAFF' | 'OTHER' | null;
  closedAt: number | null;
  confirmed: boolean;
  test: boolean;
  financialStatus: string | null;
  fulfillmentStatus: string;
  lineItems: EmuLineItem[];
  shippingCents: number;
  taxCents: number;
  refunds: EmuRefund[];
  fulfillments: EmuFulfillment[];
  tags: string[];
  note: string | null;
  sourceName: string;
  shippingAddress: EmuAddress | null;
  billingAddress: EmuAddress | null;
}

/** The shop itself. */
export interface EmuShop {
  name: string;
  /** The myshopify subdomain. */
  handle: string;
  currency: string;
  timezone: string;
}

/** Subtotal (after line discounts), total and refunded amount of an order, in cents. */
export function orderTotals(order: EmuOrder): { subtotal: number; discounts: number; total: number; refunded: number } {
  let subtotal = 0;
  let discounts = 0;
  for (const line of order.lineItems) {
    subtotal += line.unitCents * line.quantity - line.discountCents;
    discounts += line.discountCents;
  }
  const total = subtotal + order.shippingCents + order.taxCents;
  const refunded = order.refunds.reduce((sum, r) => sum + r.amountCents, 0);
  return { subtotal, discounts, total, refunded };
}
