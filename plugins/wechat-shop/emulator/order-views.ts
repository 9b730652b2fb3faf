import type { EmuAftersale, EmuBuyer, EmuOrder } from './shop-data.js';

const BEIJING_MS = 8 * 3_600_000;

/** Unix seconds as the mini-program shop writes times: "yyyy-MM-dd HH:mm:ss", Beijing time. */
export function beijingText(seconds: number): string {
  return new Date(seconds * 1000 + BEIJING_MS).toISOString().slice(0, 19).replace('T', ' ');
}

/** The mini-program shop's time text back to Unix seconds; NaN when it is not one. */
export function beijingSeconds(text: unknown): number {
  if (typeof text !== 'string' || !/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/.test(text)) return Number.NaN;
  return (Date.parse(`${text.replace(' ', 'T')}Z`) - BEIJING_MS) / 1000;
}

function nationalNumber(phone: string): string {
  return phone.startsWith('+86') ? phone.slice(3) : phone.replace(/^\+/, '');
}

/** The receiver as WeChat shows it by default: 林**, 183****2807, ****. */
function maskedReceiver(buyer: EmuBuyer): { user_name: string; tel_number: string; detail_info: string } {
  const phone = nationalNumber(buyer.person.phone);
  return { user_name: `${Array.from(buyer.person.name)[0] ?? ''}**`, tel_number: `${phone.slice(0, 3)}****${phone.slice(-4)}`, detail_info: '****' };
}

/** The receiver in plain text: what sensitiveinfo/decode answers, and what an unmasked emulator shows. */
export function plainReceiver(buyer: EmuBuyer): { user_name: string; tel_number: string; detail_info: string; house_number: string } {
  return { user_name: buyer.person.name, tel_number: nationalNumber(buyer.person.phone), detail_info: buyer.person.address.street, house_number: '' };
}

function prices(o: EmuOrder): { product_price: number; order_price: number; freight: number; discounted_price: number; is_discounted: boolean } {
  const product = o.lines.reduce((sum, l) => sum + l.salePriceFen * l.count, 0);
  return { product_price: product, order_price: product + o.freightFen - o.discountFen, freight: o.freightFen, discounted_price: o.discountFen, is_discounted: o.discountFen > 0 };
}

function addressInfo(o: EmuOrder, mask: boolean): Record<string, unknown> {
  const a = o.buyer.person.address;
  const receiver = mask ? maskedReceiver(o.buyer) : plainReceiver(o.buyer);
  const info: Record<string, unknown> = {
    user_name: receiver.user_name,
    postal_code: a.zip,
    province_name: a.province,
    city_name: a.city,
    county_name: a.district ?? '',
    detail_info: receiver.detail_info,
    national_code: '',
    tel_number: receiver.tel_number,
    hash_code: o.hashCode,
    use_tel_number: o.virtualTel ? 1 : 0,
  };
  if (o.virtualTel) {
    info.tel_number_ext_info = { real_tel_number: maskedReceiver(o.buyer).tel_number, virtual_tel_number: o.virtualTel.number, virtual_tel_expire_time: o.virtualTel.expireTime };
  }
  return info;
}

/** An order as /channels/ec/order/get answers it (inside `order`). */
export function channelsOrder(o: EmuOrder, mask: boolean): Record<string, unknown> {
  return {
    order_id: o.orderId,
    status: o.status,
    create_time: o.createTime,
    update_time: o.updateTime,
    openid: o.buyer.openid,
    ...(o.buyer.unionid ? { unionid: o.buyer.unionid } : {}),
    order_detail: {
      product_infos: o.lines.map((l) => ({
        product_id: l.productId, sku_id: l.skuId, thumb_img: `https://mmecimage.cn/p/${l.productId}.jpg`, sale_price: l.salePriceFen,
        sku_cnt: l.count, title: l.title, on_aftersale_sku_cnt: 0, finish_aftersale_sku_cnt: 0, market_price: l.salePriceFen, real_price: l.realPriceFen,
      })),
      pay_info: {
        prepay_id: o.prepayId,
        prepay_time: o.createTime,
        ...(o.paidAt === undefined ? {} : { pay_time: o.paidAt, transaction_id: o.transactionId, payment_method: 1 }),
      },
      price_info: prices(o),
      delivery_info: {
        address_info: addressInfo(o, mask),
        delivery_product_info: o.waybills.map((w) => ({ waybill_id: w.waybillId, delivery_id: w.deliveryId, delivery_time: w.time, deliver_type: 1 })),
        ship_done_time: o.waybills.length > 0 ? Math.max(...o.waybills.map((w) => w.time)) : 0,
        deliver_method: 0,
      },
      ext_info: { customer_notes: o.customerNotes, merchant_notes: o.merchantNotes },
    },
    aftersale_detail: { aftersale_order_list: o.aftersaleIds.map((id) => ({ aftersale_order_id: id })), on_aftersale_order_cnt: o.onAftersale },
  };
}

/** An order as /product/order/get_list lists it: numeric ids, Beijing time text, pay_method in words. */
export function minishopOrder(o: EmuOrder, mask: boolean): Record<string, unknown> {
  const channels = channelsOrder(o, mask) as { order_detail: Record<string, any>; aftersale_detail: unknown };
  const detail = channels.order_detail;
  return {
    order_id: Number(o.orderId),
    status: o.status,
    create_time: beijingText(o.createTime),
    update_time: beijingText(o.updateTime),
    openid: o.buyer.openid,
    order_detail: {
      product_infos: detail.product_infos,
      pay_info: {
        pay_method: '微信支付',
        prepay_id: o.prepayId,
        prepay_time: beijingText(o.createTime),
        ...(o.paidAt === undefined ? {} : { pay_time: beijingText(o.paidAt), transaction_id: o.transactionId }),
      },
      price_info: detail.price_info,
      delivery_info: {
        address_info: detail.delivery_info.address_info,
        delivery_method: '快递',
        delivery_product_info: o.waybills.map((w) => ({ waybill_id: w.waybillId, delivery_id: w.deliveryId, delivery_time: beijingText(w.time) })),
      },
      ext_info: detail.ext_info,
    },
    aftersale_detail: channels.aftersale_detail,
  };
}

/** An after-sale as /channels/ec/aftersale/getaftersaleorder answers it (inside `after_sale_order`). */
export function channelsAftersale(a: EmuAftersale): Record<string, unknown> {
  return {
    after_sale_order_id: a.id,
    status: a.status,
    openid: a.buyer.openid,
    ...(a.buyer.unionid ? { unionid: a.buyer.unionid } : {}),
    product_info: { product_id: a.productId, sku_id: a.skuId, count: a.count },
    details: { desc: a.reason, receive_product: a.type !== 'REFUND', media_id_list: [] },
    refund_info: { amount: a.refundFen },
    return_info: a.waybillId ? { waybill_id: a.waybillId, delivery_id: 'YTO', delivery_name: '圆通速递' } : {},
    merchant_upload_info: { reject_reason: '', refund_certificates: [] },
    create_time: a.createTime,
    update_time: a.updateTime,
    reason: a.reason,
    order_id: a.orderId,
    type: a.type,
  };
}
