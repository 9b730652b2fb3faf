import { RecordError } from '@datong/sdk';
import { isoFromChinaText } from '../china-time.js';
import type { YouzanOrder, YouzanOrderLine } from '../generated/order.js';
import { yuan } from '../money.js';
import { plainPhone, splitCipher } from '../pii.js';
import { canonicalStatuses } from '../status-map.js';

/** One `full_order_info` as youzan.trades.sold.get sends it (the parts the plugin reads). */
export interface FullOrderInfo {
  order_info?: Record<string, unknown>;
  buyer_info?: Record<string, unknown>;
  address_info?: Record<string, unknown>;
  pay_info?: Record<string, unknown>;
  orders?: Record<string, unknown>[];
}

const text = (v: unknown): string | null => (v === undefined || v === null || v === '' ? null : String(v));
const int = (v: unknown): number | null => (v === undefined || v === null || v === '' || !Number.isFinite(Number(v)) ? null : Number(v));

/**
 * The datong record of one order: Youzan's fields in snake_case with raw values, money as exact
 * yuan strings, times ISO 8601 +08:00, personal data as given (masked stays masked, ciphertext goes
 * to encrypt_* and is never decrypted), and the four canonical statuses.
 */
export function orderRecord(info: FullOrderInfo): YouzanOrder {
  const order = info.order_info ?? {};
  const buyer = info.buyer_info ?? {};
  const address = info.address_info ?? {};
  const pay = info.pay_info ?? {};
  const tid = text(order.tid);
  if (!tid) throw new RecordError('order_info.tid is missing', { code: 'KEY_MISSING' });
  const status = String(order.status ?? '');
  const refundState = order.refund_state ?? 0;
  const payTime = isoFromChinaText(order.pay_time, 'pay_time');
  const consignTime = isoFromChinaText(order.consign_time, 'consign_time');
  const statuses = canonicalStatuses({ status, refundState: refundState as number, payTime, consignTime });
  const createdAt = isoFromChinaText(order.created, 'created');
  const updatedAt = isoFromChinaText(order.update_time, 'update_time');
  if (!createdAt || !updatedAt) throw new RecordError(`order ${tid} has no created or update_time`);
  const name = splitCipher(address.receiver_name);
  const tel = splitCipher(address.receiver_tel);
  const street = splitCipher(address.delivery_address);
  const yzOpenId = text(buyer.yz_open_id);
  const payment = yuan(pay.payment ?? '0', 'pay_info.payment');
  return {
    tid,
    channel: 'youzan',
    status: status as YouzanOrder['status'],
    status_str: text(order.status_str),
    type: order.type === undefined || order.type === null ? null : (order.type as string | number),
    refund_state: Number(refundState) as YouzanOrder['refund_state'],
    close_type: int(order.close_type),
    express_type: int(order.express_type),
    created_at: createdAt,
    updated_at: updatedAt,
    pay_time: payTime,
    consign_time: consignTime,
    success_time: isoFromChinaText(order.success_time, 'success_time'),
    yz_open_id: yzOpenId,
    customer_id: yzOpenId,
    buyer_phone: text(buyer.buyer_phone),
    phone: plainPhone(buyer.buyer_phone),
    fans_nickname: text(buyer.fans_nickname),
    outer_user_id: text(buyer.outer_user_id),
    receiver_name: name.given,
    receiver_tel: tel.given,
    encrypt_receiver_name: name.cipher,
    encrypt_receiver_tel: tel.cipher,
    encrypt_delivery_address: street.cipher,
    delivery_province: text(address.delivery_province),
    delivery_city: text(address.delivery_city),
    delivery_district: text(address.delivery_district),
    delivery_address: street.given,
    delivery_postal_code: text(address.delivery_postal_code),
    total_fee: yuan(pay.total_fee ?? '0', 'pay_info.total_fee'),
    post_fee: yuan(pay.post_fee ?? '0', 'pay_info.post_fee'),
    payment,
    total: payment,
    currency: 'CNY',
    lines: (info.orders ?? []).map(lineRecord),
    ...statuses,
  };
}

function lineRecord(line: Record<string, unknown>): YouzanOrderLine {
  return {
    oid: String(line.oid ?? ''),
    item_id: text(line.item_id),
    sku_id: text(line.sku_id),
    title: String(line.title ?? ''),
    num: int(line.num) ?? 0,
    price: yuan(line.price ?? '0', 'orders[].price'),
    total_fee: line.total_fee === undefined || line.total_fee === null ? null : yuan(line.total_fee, 'orders[].total_fee'),
    payment: yuan(line.payment ?? '0', 'orders[].payment'),
    outer_item_id: text(line.outer_item_id),
    outer_sku_id: text(line.outer_sku_id),
  };
}
