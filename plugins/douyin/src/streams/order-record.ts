import { RecordError } from '@datong/sdk';
import { chinaTime, chinaTimeOrNull } from '../china-time.js';
import type { DouyinOrder, DouyinSkuOrder } from '../generated/order.js';
import { fenToYuan } from '../money.js';
import { canonicalStatuses } from '../status-map.js';
import type { FetchedOrder, WireRegion, WireSkuOrder } from './wire-order.js';

const text = (v: unknown): string | null => (v === undefined || v === null || v === '' ? null : String(v));
const int = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const region = (r: WireRegion | undefined): string | null => text(r?.name);

/**
 * The order record: Douyin's fields in snake_case, raw values kept, plus datong's channel,
 * decimals, +08:00 times, customer_id and canonical statuses. Receiver PII stays ciphertext (and
 * masked text) unless decryption filled `plain`. Throws RecordError for unmapped statuses.
 */
export function toOrderRecord({ order, plain }: FetchedOrder): DouyinOrder {
  if (typeof order.update_time !== 'number' || typeof order.create_time !== 'number') {
    throw new RecordError(`Douyin order ${String(order.order_id)} has no create_time/update_time`, { code: 'INVALID_RECORD' });
  }
  const skus = order.sku_order_list ?? [];
  const statuses = canonicalStatuses({
    order_status: order.order_status,
    pay_time: int(order.pay_time),
    pay_amount: order.pay_amount,
    skus: skus.map((s) => ({ order_status: s.order_status, pay_amount: s.pay_amount ?? 0, refund_status: s.after_sale_info?.refund_status })),
  });
  const openId = text(order.doudian_open_id);
  return {
    order_id: String(order.order_id),
    channel: 'douyin',
    shop_id: text(order.shop_id),
    order_status: order.order_status as DouyinOrder['order_status'],
    order_status_desc: text(order.order_status_desc),
    create_time: order.create_time,
    update_time: order.update_time,
    pay_time: int(order.pay_time),
    finish_time: int(order.finish_time),
    created_at: chinaTime(order.create_time),
    updated_at: chinaTime(order.update_time),
    paid_at: chinaTimeOrNull(order.pay_time),
    finished_at: chinaTimeOrNull(order.finish_time),
    order_amount: order.order_amount,
    pay_amount: order.pay_amount,
    post_amount: order.post_amount ?? 0,
    promotion_amount: int(order.promotion_amount),
    total: fenToYuan(order.pay_amount, 'pay_amount'),
    shipping_total: fenToYuan(order.post_amount ?? 0, 'post_amount'),
    discount_total: fenToYuan(order.promotion_amount ?? 0, 'promotion_amount'),
    currency: 'CNY',
    pay_type: order.pay_type ?? -1,
    customer_id: openId,
    doudian_open_id: openId,
    open_id: text(order.open_id),
    buyer_words: text(order.buyer_words),
    seller_words: text(order.seller_words),
    cancel_reason: text(order.cancel_reason),
    encrypt_post_tel: text(order.encrypt_post_tel),
    encrypt_post_receiver: text(order.encrypt_post_receiver),
    mask_post_tel: text(order.mask_post_tel),
    mask_post_receiver: text(order.mask_post_receiver),
    post_tel_plain: plain?.tel ?? null,
    post_receiver_plain: plain?.receiver ?? null,
    post_addr: order.post_addr
      ? {
          province: region(order.post_addr.province),
          city: region(order.post_addr.city),
          town: region(order.post_addr.town),
          street: region(order.post_addr.street),
          encrypt_detail: text(order.post_addr.encrypt_detail),
        }
      : null,
    sku_order_list: skus.map(skuRecord),
    logistics_info: (order.logistics_info ?? []).map((l) => ({
      tracking_no: text(l.tracking_no),
      company: text(l.company),
      company_name: text(l.company_name),
      ship_time: int(l.ship_time),
    })),
    ...statuses,
  };
}

function skuRecord(sku: WireSkuOrder): DouyinSkuOrder {
  const num = sku.item_num ?? 1;
  const origin = int(sku.origin_amount);
  // The unit price only divides exactly when the platform's origin_amount does; else the total says it.
  const unitFen = origin !== null && num > 0 && origin % num === 0 ? origin / num : origin ?? 0;
  return {
    order_id: String(sku.order_id),
    order_status: sku.order_status as DouyinSkuOrder['order_status'],
    product_id: text(sku.product_id),
    product_name: text(sku.product_name),
    sku_id: text(sku.sku_id),
    code: text(sku.code),
    item_num: num,
    origin_amount: origin,
    pay_amount: sku.pay_amount ?? 0,
    unit_price: fenToYuan(unitFen, 'origin_amount'),
    line_total: fenToYuan(sku.pay_amount ?? 0, 'sku pay_amount'),
    after_sale_info: sku.after_sale_info
      ? {
          after_sale_status: int(sku.after_sale_info.after_sale_status),
          after_sale_type: int(sku.after_sale_info.after_sale_type),
          refund_status: (int(sku.after_sale_info.refund_status) ?? null) as 0 | 1 | 2 | 3 | 4 | null,
        }
      : null,
  };
}
