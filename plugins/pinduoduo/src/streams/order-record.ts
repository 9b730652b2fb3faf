import { RecordError } from '@datong/sdk';
import type { PinduoduoOrder, PinduoduoOrderItem } from '../generated/order.js';
import { canonicalStatuses } from '../status-map.js';
import { integer, pddTime, pddTimeOrNull, text, yuan, yuanOrNull } from '../pdd-values.js';
import { isCiphertext, plainPhone } from './receiver-phone.js';

/** One entry of `order_sn_list` as PDD sends it (the fields the plugin reads). */
export type PddOrder = Record<string, unknown> & { order_sn?: unknown; updated_at?: unknown };

/**
 * The record of one PDD order: PDD's fields in snake_case (times at +08:00, yuan as exact
 * decimals), PDD's own refund_status kept as `pdd_refund_status`, the four canonical statuses, and
 * the receiver phone as a plain number only when PDD sent it unmasked.
 */
export function toOrderRecord(order: PddOrder): PinduoduoOrder {
  const orderSn = text(order.order_sn);
  if (!orderSn) throw new RecordError('the order has no order_sn', { code: 'KEY_MISSING' });
  const statuses = canonicalStatuses({
    order_status: order.order_status,
    refund_status: order.refund_status,
    confirm_status: order.confirm_status,
    group_status: order.group_status,
    after_sales_status: order.after_sales_status ?? 0,
    paid: order.pay_time !== undefined && order.pay_time !== null && order.pay_time !== '',
  });
  const sealed = (field: string) => (isCiphertext(order[field]) ? text(order[field]) : null);
  const open = (field: string) => (isCiphertext(order[field]) ? null : text(order[field]));
  const phone = open('receiver_phone');
  const plain = plainPhone(phone);
  const items = Array.isArray(order.item_list) ? (order.item_list as Record<string, unknown>[]) : [];
  return {
    order_sn: orderSn,
    channel: 'pinduoduo',
    order_status: order.order_status as PinduoduoOrder['order_status'],
    pdd_refund_status: order.refund_status as PinduoduoOrder['pdd_refund_status'],
    confirm_status: order.confirm_status as PinduoduoOrder['confirm_status'],
    group_status: order.group_status as PinduoduoOrder['group_status'],
    after_sales_status: (order.after_sales_status ?? 0) as PinduoduoOrder['after_sales_status'],
    risk_control_status: integer(order.risk_control_status),
    trade_type: integer(order.trade_type),
    is_lucky_flag: integer(order.is_lucky_flag),
    pay_type: text(order.pay_type),
    pay_no: text(order.pay_no),
    created_at: pddTime(order.created_time, 'created_time'),
    updated_at: pddTime(order.updated_at, 'updated_at'),
    confirm_time: pddTimeOrNull(order.confirm_time, 'confirm_time'),
    pay_time: pddTimeOrNull(order.pay_time, 'pay_time'),
    shipping_time: pddTimeOrNull(order.shipping_time, 'shipping_time'),
    receive_time: pddTimeOrNull(order.receive_time, 'receive_time'),
    last_ship_time: pddTimeOrNull(order.last_ship_time, 'last_ship_time'),
    pay_amount: yuanOrNull(order.pay_amount, 'pay_amount'),
    goods_amount: yuanOrNull(order.goods_amount, 'goods_amount'),
    discount_amount: yuanOrNull(order.discount_amount, 'discount_amount'),
    postage: yuanOrNull(order.postage, 'postage'),
    platform_discount: yuanOrNull(order.platform_discount, 'platform_discount'),
    seller_discount: yuanOrNull(order.seller_discount, 'seller_discount'),
    total: yuan(order.pay_amount, 'pay_amount'),
    currency: 'CNY',
    receiver_name: open('receiver_name'),
    receiver_phone: phone,
    receiver_phone_masked: plain === null,
    buyer_phone_plain: plain,
    country: text(order.country),
    province: text(order.province),
    city: text(order.city),
    town: text(order.town),
    address: open('address'),
    receiver_address: open('receiver_address'),
    // Ciphertext is kept as ciphertext, never decrypted here (pdd.open.decrypt.batch is UNCONFIRMED).
    encrypt_receiver_name: sealed('receiver_name'),
    encrypt_receiver_phone: sealed('receiver_phone'),
    encrypt_receiver_address: sealed('receiver_address'),
    encrypt_address: sealed('address'),
    receiver_name_mask: text(order.receiver_name_mask),
    receiver_phone_mask: text(order.receiver_phone_mask),
    receiver_address_mask: text(order.receiver_address_mask),
    address_mask: text(order.address_mask),
    tracking_number: text(order.tracking_number),
    logistics_id: integer(order.logistics_id),
    buyer_memo: text(order.buyer_memo),
    remark: text(order.remark),
    items: items.map(toItem),
    ...statuses,
  };
}

function toItem(item: Record<string, unknown>): PinduoduoOrderItem {
  return {
    goods_id: String(item.goods_id ?? ''),
    sku_id: text(item.sku_id),
    goods_name: String(item.goods_name ?? ''),
    goods_spec: text(item.goods_spec),
    goods_count: integer(item.goods_count) ?? 0,
    goods_price: yuan(item.goods_price ?? 0, 'goods_price'),
    outer_id: text(item.outer_id),
    outer_goods_id: text(item.outer_goods_id),
    goods_img: text(item.goods_img),
  };
}
