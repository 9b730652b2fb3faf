import { RecordError } from '@datong/sdk';
import type { PinduoduoOrder } from './generated/order.js';

export type LifecycleStatus = PinduoduoOrder['lifecycle_status'];
export type PaymentStatus = PinduoduoOrder['payment_status'];
export type FulfillmentStatus = PinduoduoOrder['fulfillment_status'];
export type RefundStatus = PinduoduoOrder['refund_status'];

// Every table lists every value PDD documents for its field (niltor/open-pdd-net-sdk,
// Models/Response/Order/GetOrderNumberListIncrementResponseModel.cs), with what it means for
// datong. A value no table lists makes the order an UNMAPPED_VALUE dead letter.

/** `order_status` (发货状态) → fulfillment: 1 待发货, 2 已发货待签收, 3 已签收. */
export const ORDER_STATUS_MAP: Readonly<Record<string, FulfillmentStatus>> = {
  1: 'unfulfilled',
  2: 'shipped',
  3: 'delivered',
};

/** `refund_status` (退款状态) → refund: 1 无售后或售后关闭, 2 售后处理中, 3 退款中, 4 退款成功. */
export const REFUND_STATUS_MAP: Readonly<Record<string, RefundStatus>> = {
  1: 'none',
  2: 'requested',
  3: 'requested',
  4: 'refunded',
};

/** `confirm_status` (成交状态) → lifecycle: 0 未成交 (paid, deal not confirmed yet), 1 已成交, 2 已取消. */
export const CONFIRM_STATUS_MAP: Readonly<Record<string, LifecycleStatus>> = {
  0: 'pending',
  1: 'open',
  2: 'cancelled',
};

/** `group_status` (成团状态) → lifecycle: 0 拼团中 (waiting for the group), 1 已成团, 2 团失败 (PDD refunds the buyer). */
export const GROUP_STATUS_MAP: Readonly<Record<string, LifecycleStatus>> = {
  0: 'pending',
  1: 'open',
  2: 'cancelled',
};

/**
 * `after_sales_status` (售后状态) → what the case means for the buyer's money. Exchange, re-send
 * and repair cases (14–18, 21–25, 27, 32) return no money: `none`. 23 is not in the SDK's list
 * (21, 22, 24, 25) but the reference gives repairs as 21–25, so it is mapped as a repair state.
 */
export const AFTER_SALES_STATUS_MAP: Readonly<Record<string, RefundStatus>> = {
  0: 'none', // 无售后
  2: 'requested', // 买家申请退款，待商家处理
  3: 'requested', // 退货退款，待商家处理
  4: 'requested', // 商家同意退款，退款中
  5: 'requested', // 平台同意退款，退款中
  6: 'rejected', // 驳回退款，待买家处理
  7: 'requested', // 已同意退货退款，待用户发货
  8: 'requested', // 平台处理中
  9: 'rejected', // 平台拒绝退款，退款关闭
  10: 'refunded', // 退款成功
  11: 'none', // 买家撤销
  12: 'none', // 买家逾期未处理，退款失败
  13: 'none', // 买家逾期，超过有效期
  14: 'none', // 换货补寄待商家处理
  15: 'none', // 换货补寄待用户处理
  16: 'none', // 换货补寄成功
  17: 'none', // 换货补寄失败
  18: 'none', // 换货补寄待用户确认完成
  21: 'none', // 待商家同意维修
  22: 'none', // 待用户确认发货
  23: 'none', // 维修中 (UNCONFIRMED: not in the SDK's list)
  24: 'none', // 维修关闭
  25: 'none', // 维修成功
  27: 'none', // 待用户确认收货
  31: 'requested', // 已同意拒收退款，待用户拒收
  32: 'none', // 补寄待商家发货
};

/** The raw PDD status fields of one order. */
export interface PddStatusFacts {
  order_status: unknown;
  refund_status: unknown;
  confirm_status: unknown;
  group_status: unknown;
  after_sales_status: unknown;
  /** Whether PDD reports a payment (pay_time). Orders reach merchants paid; the check is a safeguard. */
  paid: boolean;
}

/** The four canonical statuses of one order. */
export interface CanonicalStatuses {
  lifecycle_status: LifecycleStatus;
  payment_status: PaymentStatus;
  fulfillment_status: FulfillmentStatus;
  refund_status: RefundStatus;
}

/**
 * Maps an order's five PDD status fields to datong's four canonical statuses, kept apart. Throws a
 * `RecordError` (code UNMAPPED_VALUE) naming the field and the value a table does not list.
 *
 * - lifecycle: a failed group or a cancelled deal is `cancelled` (PDD refunds the buyer), as is an
 *   order refunded in full before it shipped; a group still forming or a deal not yet confirmed is
 *   `pending`; a received order is `completed`; else `open`.
 * - payment: `refunded` when the group failed or the deal was cancelled after payment (PDD pays the
 *   buyer back; `voided` if nothing was paid) or the refund succeeded; else `paid` (PDD shows
 *   merchants paid orders only; `unpaid` without a pay_time).
 * - fulfillment: from order_status.
 * - refund: refunded when refund_status says so; else a rejected case is `rejected`; else a case
 *   in progress (either field) is `requested`; else `none`.
 */
export function canonicalStatuses(facts: PddStatusFacts): CanonicalStatuses {
  const fulfillment = lookup('order_status', facts.order_status, ORDER_STATUS_MAP);
  const orderRefund = lookup('refund_status', facts.refund_status, REFUND_STATUS_MAP);
  const confirm = lookup('confirm_status', facts.confirm_status, CONFIRM_STATUS_MAP);
  const group = lookup('group_status', facts.group_status, GROUP_STATUS_MAP);
  const afterSales = lookup('after_sales_status', facts.after_sales_status, AFTER_SALES_STATUS_MAP);

  const voided = group === 'cancelled' || confirm === 'cancelled';
  const refunded = orderRefund === 'refunded';
  let lifecycle: LifecycleStatus;
  if (voided || (refunded && fulfillment === 'unfulfilled')) lifecycle = 'cancelled';
  else if (group === 'pending' || confirm === 'pending') lifecycle = 'pending';
  else if (fulfillment === 'delivered') lifecycle = 'completed';
  else lifecycle = 'open';

  let payment: PaymentStatus;
  if (voided) payment = facts.paid ? 'refunded' : 'voided';
  else if (refunded) payment = 'refunded';
  else payment = facts.paid ? 'paid' : 'unpaid';

  let refund: RefundStatus;
  if (refunded || afterSales === 'refunded' || (voided && facts.paid)) refund = 'refunded';
  else if (afterSales === 'rejected') refund = 'rejected';
  else if (orderRefund === 'requested' || afterSales === 'requested') refund = 'requested';
  else refund = 'none';

  return { lifecycle_status: lifecycle, payment_status: payment, fulfillment_status: fulfillment, refund_status: refund };
}

/** The canonical refund status of one after-sales case. */
export function afterSalesRefundStatus(value: unknown): RefundStatus {
  return lookup('after_sales_status', value, AFTER_SALES_STATUS_MAP);
}

function lookup<T>(field: string, value: unknown, table: Readonly<Record<string, T>>): T {
  const key = typeof value === 'number' || typeof value === 'string' ? String(value) : undefined;
  const mapped = key === undefined || !Object.hasOwn(table, key) ? undefined : table[key];
  if (mapped === undefined) {
    throw new RecordError(`Pinduoduo ${field} ${JSON.stringify(value)} has no canonical mapping (known: ${Object.keys(table).join(', ')})`, {
      code: 'UNMAPPED_VALUE',
    });
  }
  return mapped;
}
