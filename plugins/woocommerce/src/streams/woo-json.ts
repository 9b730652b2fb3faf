/** The parts of WooCommerce REST v3 bodies the streams read (wc/v3 orders, customers, refunds). */

export interface WooAddressJson {
  first_name?: string | null;
  last_name?: string | null;
  company?: string | null;
  address_1?: string | null;
  address_2?: string | null;
  city?: string | null;
  state?: string | null;
  postcode?: string | null;
  country?: string | null;
  email?: string | null;
  phone?: string | null;
}

export interface WooLineItemJson {
  id: number;
  name: string;
  product_id?: number | null;
  variation_id?: number | null;
  sku?: string | null;
  quantity: number;
  price?: number | string | null;
  subtotal?: string | null;
  total: string;
  total_tax?: string | null;
}

export interface WooOrderJson {
  id: number;
  parent_id?: number;
  number?: string;
  order_key?: string;
  created_via?: string;
  status: string;
  currency: string;
  date_created?: string | null;
  date_created_gmt: string;
  date_modified?: string | null;
  date_modified_gmt: string;
  date_paid_gmt?: string | null;
  date_completed_gmt?: string | null;
  discount_total?: string;
  shipping_total?: string;
  total: string;
  total_tax?: string;
  customer_id: number;
  customer_note?: string;
  billing?: WooAddressJson;
  shipping?: WooAddressJson;
  payment_method?: string;
  payment_method_title?: string;
  transaction_id?: string;
  line_items?: WooLineItemJson[];
  refunds?: { id: number; reason?: string | null; total: string }[];
}

export interface WooCustomerJson {
  id: number;
  date_created_gmt: string;
  date_modified_gmt?: string | null;
  email: string;
  first_name?: string;
  last_name?: string;
  role?: string;
  username?: string;
  billing?: WooAddressJson;
  shipping?: WooAddressJson;
  is_paying_customer?: boolean;
}

export interface WooRefundJson {
  id: number;
  date_created_gmt: string;
  amount: string;
  reason?: string | null;
  refunded_by?: number | null;
  refunded_payment?: boolean | null;
  line_items?: { id: number; name?: string; product_id?: number | null; quantity: number; total: string }[];
}

/** A GMT time as WooCommerce writes it ("2026-12-03T10:00:00", no offset) as ISO 8601 in UTC. */
export function gmtIso(value: string): string {
  return `${value.replace(' ', 'T').replace(/(\.\d+)?(Z|[+-]\d{2}:?\d{2})?$/, '')}Z`;
}

/** The moment of a GMT time as WooCommerce writes it, ms epoch. */
export function gmtMs(value: string): number {
  return Date.parse(gmtIso(value));
}

/** A moment as WooCommerce takes it in a query with dates_are_gmt=true: "2026-12-03T10:00:00". */
export function gmtParam(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19);
}

/** Text of an id, or null for WooCommerce's 0 / missing. */
export function idText(value: number | null | undefined): string | null {
  return value === null || value === undefined || value === 0 ? null : String(value);
}
