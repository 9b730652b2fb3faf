/** The orderInfo fields the stream asks for (`optional_fields`; JOS rejects a search without it). */
export const ORDER_FIELDS = [
  'orderId', 'venderId', 'orderType', 'payType', 'orderTotalPrice', 'orderSellerPrice', 'orderPayment', 'freightPrice',
  'sellerDiscount', 'balanceUsed', 'orderState', 'orderStateRemark', 'deliveryType', 'orderRemark', 'orderStartTime',
  'orderEndTime', 'modified', 'paymentConfirmTime', 'waybill', 'logisticsId', 'open_id_buyer', 'xid_buyer',
  'consigneeInfo', 'itemInfoList',
] as const;

/** Every documented order_state: the search asks for all of them (order_state is required). */
export const ORDER_STATES = [
  'WAIT_SELLER_STOCK_OUT', 'WAIT_GOODS_RECEIVE_CONFIRM', 'WAIT_SELLER_DELIVERY', 'PAUSE', 'FINISHED_L', 'TRADE_CANCELED', 'LOCKED', 'POP_ORDER_PAUSE',
] as const;

/** An orderInfo as enSearch/search return it (only the fields asked for). */
export interface JdOrderInfo {
  orderId: string | number;
  venderId?: string | number;
  orderType?: string | number;
  payType?: string;
  orderTotalPrice?: string;
  orderSellerPrice?: string;
  orderPayment?: string;
  freightPrice?: string;
  sellerDiscount?: string;
  balanceUsed?: string;
  orderState: string;
  orderStateRemark?: string;
  deliveryType?: string;
  orderRemark?: string;
  orderStartTime: string;
  orderEndTime?: string;
  modified: string;
  paymentConfirmTime?: string;
  waybill?: string;
  logisticsId?: string;
  open_id_buyer?: string;
  xid_buyer?: string;
  pin?: string;
  consigneeInfo?: Record<string, string | undefined>;
  itemInfoList?: { skuId: string | number; skuName?: string; wareId?: string | number; outerSkuId?: string; jdPrice?: string; itemTotal?: string | number }[];
}

/** searchorderinfo_result: apiResult says whether the search itself succeeded (field names UNCONFIRMED). */
export interface SearchOrderResult {
  apiResult?: { success?: boolean; code?: string; englistErrorMsg?: string; chineseErrorMsg?: string };
  orderTotal?: number | string;
  orderInfoList?: JdOrderInfo[];
}
