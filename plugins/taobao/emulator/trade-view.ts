import { localMobile, maskMobile, maskName, maskStreet, type MaskStyle } from './pii-mask.js';
import { fenText, tradePaymentFen, type EmuLine, type EmuRefund, type EmuTrade } from './seller-data.js';
import { isPaid } from './trade-statuses.js';

const GMT8 = 8 * 3_600_000;

/** A moment as TOP writes it: `yyyy-MM-dd HH:mm:ss` in GMT+8. */
export function topTime(ms: number): string {
  const d = new Date(ms + GMT8);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${d.getUTCFullYear()}-${two(d.getUTCMonth() + 1)}-${two(d.getUTCDate())} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}`;
}

/**
 * A trade as fullinfo.get answers it, TOP's field names, receiver masked. The number-protection
 * service gives no mobile before payment or after a close (platforms.md §2).
 */
export function tradeView(trade: EmuTrade, mask: MaskStyle): Record<string, unknown> {
  const address = trade.receiver.address;
  const mobileShown = isPaid(trade.status) && trade.status !== 'TRADE_CLOSED';
  const view: Record<string, unknown> = {
    tid: trade.tid,
    tid_str: String(trade.tid),
    status: trade.status,
    type: trade.type,
    created: topTime(trade.created),
    modified: topTime(trade.modified),
    payment: fenText(tradePaymentFen(trade)),
    total_fee: fenText(trade.lines.reduce((s, l) => s + l.priceFen * l.num, 0)),
    post_fee: fenText(trade.postFen),
    discount_fee: fenText(trade.discountFen),
    buyer_open_uid: trade.buyer.openUid,
    buyer_nick: trade.buyer.nick,
    oaid: trade.oaid,
    receiver_name: maskName(trade.receiver.name, mask),
    receiver_mobile: mobileShown ? maskMobile(localMobile(trade.receiver), mask) : '',
    receiver_state: address.province,
    receiver_city: address.city,
    receiver_district: address.district ?? '',
    receiver_address: maskStreet(address.street, mask),
    receiver_zip: address.zip,
    receiver_country: address.countryCode === 'CN' ? '' : address.country,
    orders: { order: trade.lines.map(lineView) },
  };
  if (trade.payTime !== undefined) view.pay_time = topTime(trade.payTime);
  if (trade.consignTime !== undefined) view.consign_time = topTime(trade.consignTime);
  if (trade.endTime !== undefined) view.end_time = topTime(trade.endTime);
  if (trade.stepTradeStatus) {
    view.step_trade_status = trade.stepTradeStatus;
    view.step_paid_fee = fenText(trade.stepPaidFen ?? 0);
  }
  if (trade.buyerMessage) view.buyer_message = trade.buyerMessage;
  return view;
}

function lineView(line: EmuLine): Record<string, unknown> {
  const view: Record<string, unknown> = {
    oid: line.oid, oid_str: String(line.oid), num_iid: line.numIid, sku_id: String(line.skuId), title: line.title,
    price: fenText(line.priceFen), num: line.num, total_fee: fenText(line.priceFen * line.num), payment: fenText(line.priceFen * line.num),
    status: line.status, refund_status: line.refundStatus,
  };
  if (line.refundId !== undefined) view.refund_id = line.refundId;
  if (line.consignTime !== undefined) view.consign_time = topTime(line.consignTime);
  return view;
}

/** Only the fields a listing asked for (TOP answers what `fields` names); tid always. */
export function pick(view: Record<string, unknown>, fields: string): Record<string, unknown> {
  const wanted = new Set(fields.split(',').map((f) => f.trim()).filter(Boolean));
  wanted.add('tid');
  return Object.fromEntries(Object.entries(view).filter(([name]) => wanted.has(name)));
}

/** A refund as refunds.receive.get lists it. */
export function refundView(refund: EmuRefund, trade: EmuTrade): Record<string, unknown> {
  const line = trade.lines.find((l) => l.oid === refund.oid);
  return {
    refund_id: refund.refundId, tid: refund.tid, oid: refund.oid, status: refund.status, order_status: trade.status,
    good_status: refund.goodStatus, has_good_return: refund.hasGoodReturn, refund_phase: trade.status === 'TRADE_FINISHED' ? 'aftersale' : 'onsale',
    title: line?.title ?? '', num: line?.num ?? 1, total_fee: fenText(line ? line.priceFen * line.num : 0),
    payment: fenText(line ? line.priceFen * line.num : 0), refund_fee: fenText(refund.refundFen), reason: refund.reason, desc: '',
    created: topTime(refund.created), modified: topTime(refund.modified), buyer_open_uid: trade.buyer.openUid, buyer_nick: trade.buyer.nick,
  };
}
