import { RecordError } from '@datong/sdk';
import type { JdRefund } from '../generated/refund.js';
import { jdTimeToIso } from '../jd-time.js';
import { refundApplyStatus } from '../status-map.js';

/** A refund application as refundapply.queryPageList returns it (field names from JOS SDKs). */
export interface JdRefundApply {
  id: string | number;
  orderId: string | number;
  status: number | string;
  applyTime: string;
  checkTime?: string;
  modified?: string;
  checkUserName?: string;
  applyRefundSum?: number | string;
  buyerId?: string;
  buyerName?: string;
  open_id_buyer?: string;
  xid_buyer?: string;
}

/** The record of one refund application: JD's fields raw, plus amount in yuan and the canonical status. */
export function toRefundRecord(r: JdRefundApply): JdRefund {
  const id = String(r.id);
  const created = jdTimeToIso(r.applyTime);
  if (!created) throw new RecordError(`JD refund ${id} has no readable applyTime ("${r.applyTime}")`);
  const refund_status = refundApplyStatus(r.status);
  const fen = r.applyRefundSum === undefined || r.applyRefundSum === '' ? null : Number(r.applyRefundSum);
  if (fen !== null && !Number.isSafeInteger(fen)) throw new RecordError(`JD refund ${id} has an applyRefundSum that is not whole fen ("${r.applyRefundSum}")`);
  const times = [created, jdTimeToIso(r.checkTime), jdTimeToIso(r.modified)].filter((t): t is string => t !== undefined);
  const updated = times.reduce((a, b) => (Date.parse(b) > Date.parse(a) ? b : a));
  const customer = text(r.open_id_buyer) ?? text(r.xid_buyer);
  const record: JdRefund = {
    refund_id: id,
    order_id: String(r.orderId),
    channel: 'jd',
    status: Number(r.status) as JdRefund['status'],
    apply_time: r.applyTime,
    check_time: text(r.checkTime),
    modified: text(r.modified),
    check_user_name: text(r.checkUserName),
    apply_refund_sum: fen,
    buyer_id: text(r.buyerId),
    buyer_name: text(r.buyerName),
    open_id_buyer: text(r.open_id_buyer),
    xid_buyer: text(r.xid_buyer),
    amount: fenToYuan(fen ?? 0),
    currency: 'CNY',
    created_at: created,
    updated_at: updated,
    refund_status,
  };
  if (customer !== null) record.customer_id = customer;
  return record;
}

/** Whole fen as exact yuan text. */
function fenToYuan(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  return `${sign}${Math.trunc(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

function text(value: string | number | null | undefined): string | null {
  if (value === undefined || value === null) return null;
  const s = String(value);
  return s === '' || s.startsWith('0000') ? null : s;
}
