/** The emulator's own status vocabulary (written apart from the plugin's status map). */

/** order_status, in the order an order lives them; 4 (cancelled) branches off early. */
export const ORDER_STATUSES = [1, 105, 2, 101, 3, 4, 5] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

export const ORDER_STATUS_DESC: Record<OrderStatus, string> = {
  1: '待确认/待支付',
  105: '已支付',
  2: '备货中',
  101: '部分发货',
  3: '已发货',
  4: '已取消',
  5: '已完成',
};

/** Where a buyer or seller moves an order next. */
export const NEXT_STATUS: Record<OrderStatus, OrderStatus[]> = {
  1: [105, 4],
  105: [2],
  2: [101, 3],
  101: [3],
  3: [5],
  4: [4],
  5: [5],
};

/** pay_type values documented for order.searchList. */
export const PAY_TYPES = [0, 1, 2, 3, 4, 5, 7, 8, 9, 12] as const;

/** sku after_sale_info.refund_status: 0 none, 1 to refund, 2 refunding, 3 refunded, 4 failed. */
export const SKU_REFUND_STATUSES = [0, 1, 2, 3, 4] as const;

/** afterSale.List aftersale_status values (standard_aftersale_status). */
export const AFTERSALE_STATUSES = [3, 6, 7, 8, 11, 12, 13, 14, 27, 28, 29] as const;
