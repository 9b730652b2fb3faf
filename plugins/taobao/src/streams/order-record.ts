import { RecordError } from '@datong/sdk';
import type { TaobaoOrder, TaobaoSubOrder } from '../generated/order.js';
import { canonicalStatuses } from '../status-map.js';
import { topTimeToIso } from '../top-time.js';
import { yuan } from '../yuan.js';
import type { TopSubOrder, TopTrade } from './trade-fields.js';

/** The plain receiver TOP's oaid.decrypt gave for a trade, when the config asks to decrypt. */
export interface PlainReceiver {
  name?: string;
  mobile?: string;
}

/**
 * The order record of one trade: TOP's fields in snake_case with raw values kept (masked receiver
 * fields stay masked), ISO times with +08:00, the exact total, the buyer's open uid as customer_id
 * and the four canonical statuses. Throws a `RecordError` for an unmapped status or a malformed
 * time or amount.
 */
export function toOrderRecord(trade: TopTrade, channel: TaobaoOrder['channel'], plain?: PlainReceiver): TaobaoOrder {
  const orders = (trade.orders?.order ?? []).map(subOrder);
  const statuses = canonicalStatuses({
    status: trade.status,
    stepTradeStatus: trade.step_trade_status ?? null,
    orders: orders.map((o) => ({ refundStatus: o.refund_status, shipped: !!o.consign_time })),
  });
  const tid = text(trade.tid_str ?? trade.tid);
  const created = trade.created;
  const modified = trade.modified;
  const payment = amount(trade.payment, 'payment');
  return {
    tid,
    channel,
    status: trade.status as TaobaoOrder['status'],
    type: trade.type ?? null,
    step_trade_status: (trade.step_trade_status ?? null) as TaobaoOrder['step_trade_status'],
    step_paid_fee: amount(trade.step_paid_fee, 'step_paid_fee'),
    created,
    modified,
    pay_time: trade.pay_time ?? null,
    consign_time: trade.consign_time ?? null,
    end_time: trade.end_time ?? null,
    created_at: iso(created, 'created'),
    updated_at: iso(modified, 'modified'),
    paid_at: trade.pay_time ? iso(trade.pay_time, 'pay_time') : null,
    total: payment ?? amount(trade.total_fee, 'total_fee') ?? '0.00',
    currency: 'CNY',
    payment,
    total_fee: amount(trade.total_fee, 'total_fee'),
    post_fee: amount(trade.post_fee, 'post_fee'),
    discount_fee: amount(trade.discount_fee, 'discount_fee'),
    customer_id: trade.buyer_open_uid || null,
    buyer_open_uid: trade.buyer_open_uid || null,
    buyer_nick: trade.buyer_nick ?? null,
    oaid: trade.oaid ?? null,
    receiver_name: trade.receiver_name ?? null,
    receiver_mobile: trade.receiver_mobile ?? null,
    receiver_phone: trade.receiver_phone ?? null,
    receiver_state: trade.receiver_state ?? null,
    receiver_city: trade.receiver_city ?? null,
    receiver_district: trade.receiver_district ?? null,
    receiver_town: trade.receiver_town ?? null,
    receiver_address: trade.receiver_address ?? null,
    receiver_zip: trade.receiver_zip ?? null,
    receiver_country: trade.receiver_country ?? null,
    ...(plain ? { receiver_name_plain: plain.name ?? null, receiver_mobile_plain: plain.mobile ?? null } : {}),
    buyer_message: trade.buyer_message ?? null,
    orders,
    ...statuses,
  };
}

function subOrder(order: TopSubOrder): TaobaoSubOrder {
  return {
    oid: text(order.oid_str ?? order.oid),
    num_iid: optionalText(order.num_iid),
    sku_id: optionalText(order.sku_id),
    outer_iid: order.outer_iid ?? null,
    outer_sku_id: order.outer_sku_id ?? null,
    title: order.title ?? null,
    price: amount(order.price, 'orders[].price'),
    num: order.num ?? null,
    total_fee: amount(order.total_fee, 'orders[].total_fee'),
    payment: amount(order.payment, 'orders[].payment'),
    status: order.status,
    // TOP leaves refund_status out of a line nobody asked a refund for.
    refund_status: (order.refund_status ?? 'NO_REFUND') as TaobaoSubOrder['refund_status'],
    refund_id: optionalText(order.refund_id),
    consign_time: order.consign_time ?? null,
    end_time: order.end_time ?? null,
  };
}

function text(value: string | number): string {
  return String(value);
}

function optionalText(value: string | number | undefined): string | null {
  return value === undefined || value === '' ? null : String(value);
}

function amount(value: string | undefined, field: string): string | null {
  if (value === undefined || value === '') return null;
  const exact = yuan(value);
  if (exact === undefined) throw new RecordError(`Taobao ${field} "${value}" is not an amount in yuan`, { code: 'INVALID_VALUE' });
  return exact;
}

function iso(value: string, field: string): string {
  const out = topTimeToIso(value);
  if (out === undefined) throw new RecordError(`Taobao ${field} "${value}" is not a TOP time (yyyy-MM-dd HH:mm:ss)`, { code: 'INVALID_VALUE' });
  return out;
}
