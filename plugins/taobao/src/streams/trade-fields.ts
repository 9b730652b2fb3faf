/** A trade as taobao.trade.fullinfo.get answers it (ids quoted by the client). */
export interface TopTrade {
  tid: string | number;
  tid_str?: string;
  status: string;
  type?: string;
  step_trade_status?: string;
  step_paid_fee?: string;
  created: string;
  modified: string;
  pay_time?: string;
  consign_time?: string;
  end_time?: string;
  payment?: string;
  total_fee?: string;
  post_fee?: string;
  discount_fee?: string;
  buyer_open_uid?: string;
  buyer_nick?: string;
  oaid?: string;
  receiver_name?: string;
  receiver_mobile?: string;
  receiver_phone?: string;
  receiver_state?: string;
  receiver_city?: string;
  receiver_district?: string;
  receiver_town?: string;
  receiver_address?: string;
  receiver_zip?: string;
  receiver_country?: string;
  buyer_message?: string;
  orders?: { order?: TopSubOrder[] };
}

/** One sub-order (TOP "order") of a trade. */
export interface TopSubOrder {
  oid: string | number;
  oid_str?: string;
  num_iid?: string | number;
  sku_id?: string | number;
  outer_iid?: string;
  outer_sku_id?: string;
  title?: string;
  price?: string;
  num?: number;
  total_fee?: string;
  payment?: string;
  status: string;
  refund_status?: string;
  refund_id?: string | number;
  consign_time?: string;
  end_time?: string;
}

/** A trade as trades.sold.increment.get lists it: only what is needed to ask for the full one. */
export interface TopTradeSummary {
  tid: string | number;
  tid_str?: string;
  status?: string;
  modified: string;
}

/** What the incremental listing asks for: fullinfo.get gives the rest. */
export const INCREMENT_FIELDS = 'tid,tid_str,status,modified';

/** What fullinfo.get asks for: the trade's own fields and its sub-orders. */
export const FULLINFO_FIELDS = [
  'tid', 'tid_str', 'status', 'type', 'step_trade_status', 'step_paid_fee', 'created', 'modified', 'pay_time', 'consign_time', 'end_time',
  'payment', 'total_fee', 'post_fee', 'discount_fee', 'buyer_open_uid', 'buyer_nick', 'oaid',
  'receiver_name', 'receiver_mobile', 'receiver_phone', 'receiver_state', 'receiver_city', 'receiver_district', 'receiver_town',
  'receiver_address', 'receiver_zip', 'receiver_country', 'buyer_message', 'orders',
].join(',');
