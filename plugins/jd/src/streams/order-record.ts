import { RecordError } from '@datong/sdk';
import type { JdOrder } from '../generated/order.js';
import { yuan } from '../money.js';
import { jdTimeToIso } from '../jd-time.js';
import { canonicalStatuses } from '../status-map.js';
import type { JdOrderInfo } from './order-fields.js';

/**
 * The record of one JD order: JD's fields in snake_case, raw; consignee PII as JD gives it
 * (enSearch ciphertext into encrypt_consignee_*, search's masked values into consignee_*, never
 * into a name or phone field); datong's channel, total, ISO times, customer id and statuses.
 */
export function toOrderRecord(o: JdOrderInfo, encrypted: boolean): JdOrder {
  const id = String(o.orderId);
  const created = jdTimeToIso(o.orderStartTime);
  const updated = jdTimeToIso(o.modified);
  if (!created || !updated) throw new RecordError(`JD order ${id} has no readable orderStartTime/modified ("${o.orderStartTime}", "${o.modified}")`);
  const total = yuan(o.orderPayment ?? o.orderSellerPrice);
  if (total === undefined) throw new RecordError(`JD order ${id} has no readable orderPayment ("${o.orderPayment}")`);
  const c = o.consigneeInfo ?? {};
  const pii = (name: string) => (encrypted ? null : text(c[name]));
  const cipher = (name: string) => (encrypted ? text(c[name]) : null);
  const customer = text(o.open_id_buyer) ?? text(o.xid_buyer);
  const record: JdOrder = {
    order_id: id,
    channel: 'jd',
    vender_id: text(o.venderId),
    order_type: text(o.orderType),
    pay_type: text(o.payType),
    order_state: o.orderState as JdOrder['order_state'],
    order_state_remark: text(o.orderStateRemark),
    order_total_price: text(o.orderTotalPrice),
    order_seller_price: text(o.orderSellerPrice),
    order_payment: text(o.orderPayment),
    freight_price: text(o.freightPrice),
    seller_discount: text(o.sellerDiscount),
    balance_used: text(o.balanceUsed),
    delivery_type: text(o.deliveryType),
    order_remark: text(o.orderRemark),
    order_start_time: o.orderStartTime,
    order_end_time: text(o.orderEndTime),
    modified: o.modified,
    payment_confirm_time: text(o.paymentConfirmTime),
    waybill: text(o.waybill),
    logistics_id: text(o.logisticsId),
    open_id_buyer: text(o.open_id_buyer),
    xid_buyer: text(o.xid_buyer),
    pin: text(o.pin),
    consignee_province: text(c.province),
    consignee_city: text(c.city),
    consignee_county: text(c.county),
    consignee_town: text(c.town),
    consignee_fullname: pii('fullname'),
    consignee_mobile: pii('mobile'),
    consignee_telephone: pii('telephone'),
    consignee_full_address: pii('fullAddress'),
    encrypt_consignee_fullname: cipher('fullname'),
    encrypt_consignee_mobile: cipher('mobile'),
    encrypt_consignee_telephone: cipher('telephone'),
    encrypt_consignee_full_address: cipher('fullAddress'),
    items: (o.itemInfoList ?? []).map((i) => ({
      sku_id: String(i.skuId),
      sku_name: text(i.skuName),
      ware_id: text(i.wareId),
      outer_sku_id: text(i.outerSkuId),
      jd_price: text(i.jdPrice),
      item_total: i.itemTotal === undefined || i.itemTotal === '' ? null : Number(i.itemTotal),
    })),
    total,
    currency: 'CNY',
    created_at: created,
    updated_at: updated,
    ...canonicalStatuses({ orderState: o.orderState, payType: o.payType, paymentConfirmTime: o.paymentConfirmTime, waybill: o.waybill }),
  };
  if (customer !== null) record.customer_id = customer;
  return record;
}

function text(value: string | number | null | undefined): string | null {
  if (value === undefined || value === null) return null;
  const s = String(value);
  return s === '' ? null : s;
}
