import { createHmac } from 'node:crypto';
import { chinaTime } from './gateway-signature.js';
import type { EmuOrder } from './order-store.js';

const money = (fen: number) => `${Math.trunc(fen / 100)}.${String(Math.abs(fen) % 100).padStart(2, '0')}`;

/**
 * Consignee PII as JOS would send it. enSearch: ciphertext (JD's format is UNCONFIRMED: here an
 * opaque base64 blob, stable per value and app). search: masked (张**, 138****1234).
 */
function consignee(order: EmuOrder, encrypted: boolean, appSecret: string): Record<string, string> {
  const { person } = order.buyer;
  const a = person.address;
  const mobile = person.phone.replace(/^\+86/, '').replace(/^\+/, '');
  const address = `${a.province}${a.city}${a.district ?? ''}${a.street}`;
  const place = { province: a.province, city: a.city, county: a.district ?? '', town: '' };
  if (encrypted) {
    const enc = (v: string) => Buffer.concat([Buffer.from([1, 0]), createHmac('sha256', appSecret).update(v).digest()]).toString('base64');
    return { ...place, fullname: enc(person.name), mobile: enc(mobile), telephone: enc(mobile), fullAddress: enc(address) };
  }
  const maskPhone = `${mobile.slice(0, 3)}****${mobile.slice(-4)}`;
  return { ...place, fullname: `${person.name.slice(0, 1)}**`, mobile: maskPhone, telephone: maskPhone, fullAddress: `${a.province}${a.city}${a.district ?? ''}****` };
}

/** An order as orderInfo JSON with every field the emulator knows. */
export function orderInfo(order: EmuOrder, encrypted: boolean, appSecret: string, venderId: string): Record<string, unknown> {
  const goodsFen = order.items.reduce((sum, i) => sum + i.priceFen * i.quantity, 0);
  return {
    orderId: order.orderId,
    venderId,
    orderType: '22',
    payType: order.cod ? '1-货到付款' : '4-在线支付',
    orderTotalPrice: money(goodsFen),
    orderSellerPrice: money(goodsFen - order.discountFen),
    orderPayment: money(goodsFen - order.discountFen + order.freightFen),
    freightPrice: money(order.freightFen),
    sellerDiscount: money(order.discountFen),
    balanceUsed: '0.00',
    orderState: order.state,
    orderStateRemark: order.state,
    deliveryType: '任意时间',
    orderRemark: order.remark,
    orderStartTime: chinaTime(order.createdMs),
    orderEndTime: order.endMs === null ? '' : chinaTime(order.endMs),
    modified: chinaTime(order.modifiedMs),
    paymentConfirmTime: order.paidMs === null ? '' : chinaTime(order.paidMs),
    waybill: order.waybill ?? '',
    logisticsId: order.waybill ? '467' : '',
    open_id_buyer: order.buyer.openId,
    xid_buyer: order.buyer.xid,
    consigneeInfo: consignee(order, encrypted, appSecret),
    itemInfoList: order.items.map((i) => ({ skuId: i.skuId, wareId: i.wareId, skuName: i.skuName, outerSkuId: '', jdPrice: money(i.priceFen), itemTotal: String(i.quantity) })),
  };
}

/** Only the fields asked for in optional_fields, as JOS answers. */
export function pick(info: Record<string, unknown>, fields: Set<string>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(info).filter(([name]) => fields.has(name)));
}
