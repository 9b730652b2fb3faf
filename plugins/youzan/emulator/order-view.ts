import type { EmuCustomer, EmuOrder, EmuRefund } from './shop-store.js';
import { fenText, wireTime } from './wire.js';
import { STATUS_WORDS } from './youzan-statuses.js';

/** How the emulator hands out receivers' names and phones: masked (the default), plain, or encrypted. */
export type ReceiverPii = 'masked' | 'plain' | 'encrypted';

export interface ViewOptions {
  receiverPii: ReceiverPii;
  /** Mask buyer_phone too (the docs show it plain for buyers who bound a phone; UNCONFIRMED). */
  maskBuyerPhone: boolean;
}

/** +8613812345678 → 13812345678, the way a mainland shop shows it. */
export function localPhone(e164: string): string {
  return e164.startsWith('+86') ? e164.slice(3) : e164.replace(/^\+/, '');
}

function maskPhone(phone: string): string {
  return phone.length >= 7 ? `${phone.slice(0, 3)}****${phone.slice(-4)}` : '****';
}

function maskName(name: string): string {
  return `${[...name][0] ?? ''}**`;
}

/** The emulator's ciphertext for a shop with data encryption on (shape UNCONFIRMED): `$base64$`. */
function encrypt(text: string): string {
  return `$${Buffer.from(`yz|${text}`, 'utf8').toString('base64')}$`;
}

function pii(value: string, mode: ReceiverPii, mask: (v: string) => string): string {
  return mode === 'plain' ? value : mode === 'masked' ? mask(value) : encrypt(value);
}

const t = (ms: number | null): string | null => (ms === null ? null : wireTime(ms));

/** One order as `full_order_info`: order_info, buyer_info, address_info, pay_info, orders. */
export function fullOrderInfo(order: EmuOrder, options: ViewOptions): Record<string, unknown> {
  const person = order.customer.person;
  const goodsFen = order.lines.reduce((sum, l) => sum + l.priceFen * l.num, 0);
  const phone = localPhone(person.phone);
  return {
    order_info: {
      tid: order.tid,
      status: order.status,
      status_str: STATUS_WORDS[order.status],
      type: 0,
      created: wireTime(order.createdAt),
      update_time: wireTime(order.updatedAt),
      pay_time: t(order.payTime),
      consign_time: t(order.consignTime),
      success_time: t(order.successTime),
      refund_state: order.refundState,
      close_type: order.closeType ?? 0,
      express_type: order.expressType,
      pay_type: order.payTime === null ? 0 : 10,
      order_tags: { is_refund: order.refundState !== 0, is_virtual: false },
    },
    buyer_info: {
      yz_open_id: order.customer.yzOpenId,
      ...(order.customer.phoneBound ? { buyer_phone: options.maskBuyerPhone ? maskPhone(phone) : phone } : {}),
      fans_nickname: maskName(person.name),
      outer_user_id: `o${order.customer.yzOpenId.slice(2, 26)}`,
    },
    address_info: {
      receiver_name: pii(person.name, options.receiverPii, maskName),
      receiver_tel: pii(phone, options.receiverPii, maskPhone),
      delivery_province: person.address.province,
      delivery_city: person.address.city,
      delivery_district: person.address.district ?? '',
      delivery_address: options.receiverPii === 'encrypted' ? encrypt(person.address.street) : person.address.street,
      delivery_postal_code: person.address.zip,
    },
    pay_info: {
      total_fee: fenText(goodsFen),
      post_fee: fenText(order.postFeeFen),
      payment: fenText(goodsFen + order.postFeeFen),
      real_payment: fenText(order.payTime === null ? 0 : goodsFen + order.postFeeFen),
      outer_transactions: [],
    },
    orders: order.lines.map((l) => ({
      oid: l.oid, item_id: l.itemId, sku_id: l.skuId, title: l.title, num: l.num,
      price: fenText(l.priceFen), total_fee: fenText(l.priceFen * l.num), payment: fenText(l.priceFen * l.num),
      outer_item_id: `SPU${l.itemId}`, outer_sku_id: `SKU${l.skuId}`,
    })),
  };
}

/** One after-sales case as refund.search lists it. */
export function refundView(refund: EmuRefund, kdtId: number): Record<string, unknown> {
  return {
    refund_id: refund.refundId, tid: refund.tid, kdt_id: kdtId, status: refund.status, return_goods: refund.returnGoods,
    reason: refund.reason, refund_fee: fenText(refund.feeFen), created: wireTime(refund.createdAt), modified: wireTime(refund.updatedAt),
  };
}

/** One customer as customer.list lists it (created_at in Unix seconds). */
export function customerView(customer: EmuCustomer): Record<string, unknown> {
  return {
    yz_open_id: customer.yzOpenId,
    name: customer.person.name,
    show_name: maskName(customer.person.name),
    mobile: customer.phoneBound ? localPhone(customer.person.phone) : '',
    is_member: customer.isMember ? 1 : 0,
    points: customer.points,
    trade_count: customer.tradeCount,
    created_at: Math.floor(customer.createdAt / 1000),
    is_mobile_auth: customer.phoneBound,
  };
}
