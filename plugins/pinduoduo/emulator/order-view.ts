import { createHash } from 'node:crypto';
import type { EmuOrder, EmuRefund, MallStore } from './mall-store.js';

/** A moment as PDD writes it: `yyyy-MM-dd HH:mm:ss`, Beijing time. */
export function beijingText(ms: number | undefined): string | undefined {
  if (ms === undefined) return undefined;
  return new Date(ms + 8 * 3_600_000).toISOString().slice(0, 19).replace('T', ' ');
}

/** Fen as the JSON float PDD sends for yuan. */
function yuanFloat(fen: number): number {
  return fen / 100;
}

/** The receiver phone as PDD's model shows it: E.164 +86 numbers without the country code. */
function nationalPhone(e164: string): string {
  return e164.startsWith('+86') ? e164.slice(3) : e164.replace(/^\+/, '');
}

/**
 * PDD's receiver-phone rule (SDK response model): plaintext only while the order awaits shipment
 * (order_status 1), otherwise masked to the first seven digits and four stars, `1387677****`.
 */
export function shownPhone(order: EmuOrder): string {
  const phone = nationalPhone(order.buyer.phone);
  return order.order_status === 1 ? phone : `${phone.slice(0, 7)}****`;
}

/**
 * The newer receiver model (UNCONFIRMED): each receiver field sealed as ciphertext wrapped in its
 * marker (`$` phone, `~` name, `#` address), beside a `*_mask` field. The emulator's ciphertext is
 * a keyed hash: nothing can decrypt it, and nothing should try.
 */
function seal(marker: string, value: string, key: string): string {
  return `${marker}${createHash('sha256').update(`${key}:${value}`).digest('base64').replace(/=+$/, '')}${marker}1${marker}${marker}`;
}

function encryptedReceiver(order: EmuOrder, key: string): Record<string, string> {
  const phone = nationalPhone(order.buyer.phone);
  const { address } = order.buyer;
  const full = `${address.province}${address.city}${address.district ?? ''}${address.street}`;
  return {
    receiver_name: seal('~', order.buyer.name, key),
    receiver_phone: seal('$', phone, key),
    receiver_address: seal('#', address.street, key),
    address: seal('#', full, key),
    receiver_name_mask: `${order.buyer.name.charAt(0)}${'*'.repeat(Math.max(1, order.buyer.name.length - 1))}`,
    receiver_phone_mask: `${phone.slice(0, 3)}****${phone.slice(-4)}`,
    receiver_address_mask: '****',
    address_mask: `${address.province}${address.city}${address.district ?? ''}****`,
  };
}

/** One entry of `order_sn_list`, as pdd.order.number.list.increment.get answers. */
export function orderView(order: EmuOrder, store: MallStore, encrypted = false): Record<string, unknown> {
  const goodsFen = order.items.reduce((sum, item) => sum + item.priceFen * item.count, 0);
  const { address } = order.buyer;
  return {
    order_sn: order.orderSn,
    order_status: order.order_status,
    refund_status: order.refund_status,
    confirm_status: order.confirm_status,
    group_status: order.group_status,
    after_sales_status: order.after_sales_status,
    risk_control_status: 0,
    trade_type: 0,
    is_lucky_flag: 1,
    pay_type: order.payType,
    pay_no: `${order.orderSn.replace('-', '')}01`,
    created_time: beijingText(order.createdAt),
    updated_at: beijingText(order.updatedAt),
    confirm_time: beijingText(order.confirmAt) ?? '',
    pay_time: beijingText(order.payAt),
    shipping_time: beijingText(order.shippedAt) ?? '',
    receive_time: beijingText(order.receivedAt) ?? '',
    last_ship_time: beijingText(order.createdAt + 48 * 3_600_000),
    goods_amount: yuanFloat(goodsFen),
    discount_amount: yuanFloat(order.discountFen),
    seller_discount: yuanFloat(order.discountFen),
    platform_discount: 0,
    postage: yuanFloat(order.postageFen),
    pay_amount: yuanFloat(store.payFen(order)),
    receiver_name: order.buyer.name,
    receiver_phone: shownPhone(order),
    country: address.country,
    province: address.province,
    city: address.city,
    town: address.district ?? '',
    address: `${address.province}${address.city}${address.district ?? ''}${address.street}`,
    receiver_address: address.street,
    tracking_number: order.trackingNumber ?? '',
    logistics_id: order.trackingNumber ? 85 : 0,
    buyer_memo: '',
    remark: order.remark,
    item_list: order.items.map((item) => ({
      goods_id: item.goodsId,
      sku_id: item.skuId,
      goods_name: item.name,
      goods_spec: '默认',
      goods_count: item.count,
      goods_price: yuanFloat(item.priceFen),
      outer_id: '',
      outer_goods_id: '',
      goods_img: `https://img.pddpic.com/goods/${item.goodsId}.jpeg`,
    })),
    ...(encrypted ? encryptedReceiver(order, store.sealKey) : {}),
  };
}

/** One entry of `refund_list`, as pdd.refund.list.increment.get answers (amounts as yuan text, as the SDK models them). */
export function refundView(refund: EmuRefund, store: MallStore): Record<string, unknown> {
  const order = store.orders.find((o) => o.orderSn === refund.orderSn);
  const item = order?.items[0];
  return {
    id: refund.id,
    order_sn: refund.orderSn,
    after_sales_status: refund.afterSalesStatus,
    after_sales_type: refund.afterSalesType,
    after_sale_reason: refund.afterSalesType === 2 ? '不想要了' : '质量问题',
    created_time: beijingText(refund.createdAt),
    updated_time: beijingText(refund.updatedAt),
    confirm_time: beijingText(order?.confirmAt) ?? '',
    goods_id: item?.goodsId,
    goods_name: item?.name,
    goods_number: String(item?.count ?? 1),
    goods_price: ((item?.priceFen ?? 0) / 100).toFixed(2),
    order_amount: ((order ? store.payFen(order) : 0) / 100).toFixed(2),
    discount_amount: ((order?.discountFen ?? 0) / 100).toFixed(2),
    refund_amount: (refund.refundFen / 100).toFixed(2),
    sku_id: String(item?.skuId ?? ''),
    outer_id: '',
    outer_goods_id: '',
    tracking_number: '',
    speed_refund_flag: 0,
    speed_refund_status: '',
  };
}
