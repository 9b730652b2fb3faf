import type { SeedPerson } from '@datong/sdk/emulator';

/** An emulated WordPress user with the customer role. Times are ms epoch. */
export interface EmuCustomer {
  id: number;
  person: SeedPerson;
  username: string;
  role: string;
  createdMs: number;
  modifiedMs: number;
}

export interface EmuLine {
  id: number;
  productId: number;
  name: string;
  sku: string;
  quantity: number;
  priceCents: number;
}

export interface EmuRefund {
  id: number;
  orderId: number;
  createdMs: number;
  amountCents: number;
  reason: string;
  refundedPayment: boolean;
}

export interface EmuOrder {
  id: number;
  orderKey: string;
  status: string;
  createdMs: number;
  modifiedMs: number;
  paidMs: number | null;
  completedMs: number | null;
  /** 0 for a guest, as WooCommerce stores it. */
  customerId: number;
  buyer: SeedPerson;
  lines: EmuLine[];
  shippingCents: number;
  refunds: EmuRefund[];
  paymentMethod: string;
  paymentMethodTitle: string;
  transactionId: string;
  customerNote: string;
}

/** Cents as WooCommerce's two-decimal text: 1234 → "12.34", -500 → "-5.00". */
export function money(cents: number): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/** The order's total in cents: its lines and shipping. */
export function orderTotalCents(order: EmuOrder): number {
  return order.lines.reduce((sum, line) => sum + line.priceCents * line.quantity, 0) + order.shippingCents;
}

/** A moment as WooCommerce writes it: "2026-12-03T10:00:00" in UTC (…_gmt) or shifted to the store's offset. */
export function wooTime(ms: number, offsetMinutes = 0): string {
  return new Date(ms + offsetMinutes * 60_000).toISOString().slice(0, 19);
}
