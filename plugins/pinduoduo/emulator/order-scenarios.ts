/**
 * The emulator's own table of PDD order states (written apart from the plugin's status map): each
 * scenario is a consistent combination of the five status fields a real order can show. The
 * first orders of a mall walk through all of them, so every documented value is served.
 */
export interface OrderState {
  order_status: 1 | 2 | 3;
  refund_status: 1 | 2 | 3 | 4;
  confirm_status: 0 | 1 | 2;
  group_status: 0 | 1 | 2;
  after_sales_status: number;
}

/** 售后状态 values as PDD documents them (SDK response model), plus 23 (repairs are given as 21–25). */
export const AFTER_SALES_VALUES = [0, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 21, 22, 23, 24, 25, 27, 31, 32] as const;

/** Which order-level refund_status goes with an after-sales state: 2 in progress, 3 refunding, 4 refunded, 1 none/closed. */
export function refundStatusFor(afterSales: number): 1 | 2 | 3 | 4 {
  if (afterSales === 10) return 4;
  if (afterSales === 4 || afterSales === 5) return 3;
  if ([2, 3, 6, 7, 8, 14, 15, 18, 21, 22, 23, 27, 31, 32].includes(afterSales)) return 2;
  return 1;
}

/** The after-sales type a state belongs to: 2 refund only, 3 return and refund, 4 exchange, 5 re-send, 6 repair (UNCONFIRMED codes). */
export function afterSalesTypeFor(afterSales: number): number {
  if ([3, 7].includes(afterSales)) return 3;
  if ([14, 15, 16, 17, 18, 27].includes(afterSales)) return 4;
  if (afterSales === 32) return 5;
  if ([21, 22, 23, 24, 25].includes(afterSales)) return 6;
  return 2;
}

const base = { order_status: 1, refund_status: 1, confirm_status: 1, group_status: 1, after_sales_status: 0 } as const;

/** The scenarios the first orders follow, in order. */
export const SCENARIOS: readonly OrderState[] = [
  { ...base, confirm_status: 0, group_status: 0 }, // group still forming
  { ...base, confirm_status: 2, group_status: 2, refund_status: 4 }, // group failed: PDD refunds
  { ...base }, // awaiting shipment
  { ...base, order_status: 2 }, // shipped
  { ...base, order_status: 3 }, // received
  { ...base, confirm_status: 2, refund_status: 4 }, // deal cancelled after payment
  ...AFTER_SALES_VALUES.filter((v) => v !== 0).map((v): OrderState => ({
    ...base,
    // Refund-only cases before shipment; returns, exchanges and repairs after receipt.
    order_status: [2, 4, 5, 6, 8, 9, 10, 11, 12, 13].includes(v) ? 1 : v === 31 ? 2 : 3,
    after_sales_status: v,
    refund_status: refundStatusFor(v),
  })),
];

/** Plain states for the rest of the orders. */
export const COMMON_STATES: readonly OrderState[] = [{ ...base }, { ...base, order_status: 2 }, { ...base, order_status: 3 }, { ...base, order_status: 3 }];

/**
 * What a buyer or seller does next to an order in this state (the `mutate` control): the group
 * forms, the parcel ships, arrives, the buyer asks for a refund, the merchant agrees and the refund
 * succeeds. Returns undefined when nothing more happens to it.
 */
export function nextState(state: OrderState): OrderState | undefined {
  if (state.group_status === 0) return { ...state, group_status: 1, confirm_status: 1 };
  if (state.confirm_status === 2 || state.group_status === 2) return undefined;
  if (state.after_sales_status === 0) {
    if (state.order_status === 1) return { ...state, order_status: 2 };
    if (state.order_status === 2) return { ...state, order_status: 3 };
    return { ...state, after_sales_status: 2, refund_status: 2 };
  }
  if (state.after_sales_status === 2 || state.after_sales_status === 3) return { ...state, after_sales_status: 4, refund_status: 3 };
  if (state.after_sales_status === 4 || state.after_sales_status === 5) return { ...state, after_sales_status: 10, refund_status: 4 };
  return undefined;
}
