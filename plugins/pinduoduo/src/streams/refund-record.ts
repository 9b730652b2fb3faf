import { RecordError } from '@datong/sdk';
import type { PinduoduoRefund } from '../generated/refund.js';
import { afterSalesRefundStatus } from '../status-map.js';
import { integer, pddTime, pddTimeOrNull, text, yuan, yuanOrNull } from '../pdd-values.js';

/** One entry of `refund_list` as PDD sends it. */
export type PddRefund = Record<string, unknown> & { id?: unknown; updated_time?: unknown };

/** The record of one after-sales case: PDD's fields, raw codes kept, and its canonical refund status. */
export function toRefundRecord(refund: PddRefund): PinduoduoRefund {
  const id = text(refund.id);
  if (!id) throw new RecordError('the after-sales case has no id', { code: 'KEY_MISSING' });
  return {
    id,
    order_sn: String(refund.order_sn ?? ''),
    channel: 'pinduoduo',
    after_sales_status: refund.after_sales_status as PinduoduoRefund['after_sales_status'],
    after_sales_type: integer(refund.after_sales_type),
    after_sale_reason: text(refund.after_sale_reason),
    created_at: pddTime(refund.created_time, 'created_time'),
    updated_at: pddTime(refund.updated_time, 'updated_time'),
    confirm_time: pddTimeOrNull(refund.confirm_time, 'confirm_time'),
    goods_id: text(refund.goods_id),
    goods_name: text(refund.goods_name),
    goods_number: integer(refund.goods_number),
    goods_price: yuanOrNull(refund.goods_price, 'goods_price'),
    order_amount: yuanOrNull(refund.order_amount, 'order_amount'),
    discount_amount: yuanOrNull(refund.discount_amount, 'discount_amount'),
    refund_amount: yuan(refund.refund_amount ?? 0, 'refund_amount'),
    currency: 'CNY',
    sku_id: text(refund.sku_id),
    outer_id: text(refund.outer_id),
    outer_goods_id: text(refund.outer_goods_id),
    tracking_number: text(refund.tracking_number),
    speed_refund_flag: integer(refund.speed_refund_flag),
    speed_refund_status: text(refund.speed_refund_status),
    refund_status: afterSalesRefundStatus(refund.after_sales_status),
  };
}
