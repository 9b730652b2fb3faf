import { RecordError } from '@datong/sdk';
import { beijingToMs, msToIso } from '../beijing-time.js';
import type { WechatShopOrder } from '../generated/order.js';
import { fenToYuan } from '../money.js';
import { orderStatuses } from '../status-map.js';
import type { DecodedReceiver, WireOrder } from './wire-order.js';

/** A raw WeChat time (Unix seconds, or Beijing "yyyy-MM-dd HH:mm:ss") as ms epoch. */
export function timeMs(value: number | string): number {
  if (typeof value === 'number') return value * 1000;
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  return beijingToMs(value);
}

function iso(value: number | string | undefined | null): string | null {
  if (value === undefined || value === null || value === '' || value === 0) return null;
  return msToIso(timeMs(value));
}

function text(value: unknown): string | null {
  return value === undefined || value === null || value === '' ? null : String(value);
}

/**
 * The datong record of one order: WeChat's fields in snake_case with raw values kept, money in
 * exact yuan, times as ISO 8601 (+08:00), the masked receiver fields as given (never identity,
 * never plain fields), the plain ones only from a decode, and the four canonical statuses.
 */
export function toOrderRecord(order: WireOrder, api: 'channels' | 'minishop', decoded?: DecodedReceiver): WechatShopOrder {
  const detail = order.order_detail ?? {};
  const pay = detail.pay_info ?? {};
  const price = detail.price_info ?? {};
  const delivery = detail.delivery_info ?? {};
  const address = delivery.address_info ?? {};
  const deliveries = (delivery.delivery_product_info ?? [])
    .filter((d) => text(d.waybill_id) !== null)
    .map((d) => ({ waybill_id: String(d.waybill_id), delivery_id: text(d.delivery_id), delivery_time: iso(d.delivery_time) }));
  const aftersaleIds = (order.aftersale_detail?.aftersale_order_list ?? []).map((a) => text(a.aftersale_order_id)).filter((id): id is string => id !== null);
  const payTime = iso(pay.pay_time);
  let total: string | null;
  try {
    total = fenToYuan(price.order_price);
  } catch (error) {
    throw new RecordError(`price_info.order_price: ${(error as Error).message}`, { code: 'RECORD_INVALID' });
  }
  if (total === null) throw new RecordError('the order has no price_info.order_price', { code: 'RECORD_INVALID' });
  const statuses = orderStatuses({
    api,
    status: order.status,
    paid: payTime !== null,
    shipped: deliveries.length > 0,
    aftersaleInProgress: (order.aftersale_detail?.on_aftersale_order_cnt ?? 0) > 0,
  });
  const ext = address.tel_number_ext_info;
  const plain = decoded?.address_info;
  return {
    order_id: String(order.order_id),
    channel: api === 'channels' ? 'wechat-shop' : 'wechat-minishop',
    status: order.status as WechatShopOrder['status'],
    create_time: order.create_time,
    update_time: order.update_time,
    created_at: msToIso(timeMs(order.create_time)),
    updated_at: msToIso(timeMs(order.update_time)),
    openid: text(order.openid),
    unionid: text(order.unionid),
    customer_id: text(order.openid),
    total,
    product_price: fenToYuan(price.product_price),
    freight: fenToYuan(price.freight),
    discounted_price: fenToYuan(price.discounted_price),
    currency: 'CNY',
    payment_method: pay.payment_method ?? pay.pay_method ?? null,
    prepay_id: text(pay.prepay_id),
    transaction_id: text(pay.transaction_id),
    pay_time: payTime,
    deliver_method: delivery.deliver_method ?? delivery.delivery_method ?? null,
    address_user_name: text(address.user_name),
    address_tel_number: text(address.tel_number),
    address_province: text(address.province_name),
    address_city: text(address.city_name),
    address_county: text(address.county_name),
    address_detail_info: text(address.detail_info),
    address_postal_code: text(address.postal_code),
    hash_code: text(address.hash_code),
    use_tel_number: address.use_tel_number === undefined ? null : Boolean(address.use_tel_number),
    virtual_tel_number: text(ext?.virtual_tel_number),
    virtual_tel_expire_time: iso(ext?.virtual_tel_expire_time),
    real_tel_number: text(ext?.real_tel_number),
    pii_decoded: plain !== undefined,
    receiver_name: text(plain?.user_name),
    receiver_phone: text(plain?.tel_number),
    receiver_address: plain === undefined ? null : text([plain.detail_info, plain.house_number].filter(Boolean).join(' ')),
    customer_notes: text(detail.ext_info?.customer_notes),
    merchant_notes: text(detail.ext_info?.merchant_notes),
    line_items: (detail.product_infos ?? []).map((p) => ({
      product_id: String(p.product_id),
      sku_id: String(p.sku_id),
      title: p.title ?? '',
      sku_cnt: p.sku_cnt ?? 0,
      sale_price: fenToYuan(p.sale_price ?? 0) as string,
      real_price: fenToYuan(p.real_price),
      thumb_img: text(p.thumb_img),
    })),
    deliveries,
    aftersale_order_ids: aftersaleIds,
    on_aftersale_order_cnt: order.aftersale_detail?.on_aftersale_order_cnt ?? null,
    ...statuses,
  };
}
