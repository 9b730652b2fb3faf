/**
 * The emulator's own copy of TOP's status vocabulary (platforms.md §2), written apart from the
 * plugin's tables on purpose: the two must agree by reading the same documentation, not by sharing.
 */
export const TRADE_STATUSES = [
  'TRADE_NO_CREATE_PAY', 'WAIT_BUYER_PAY', 'SELLER_CONSIGNED_PART', 'WAIT_SELLER_SEND_GOODS', 'WAIT_BUYER_CONFIRM_GOODS',
  'TRADE_BUYER_SIGNED', 'TRADE_FINISHED', 'TRADE_CLOSED', 'TRADE_CLOSED_BY_TAOBAO', 'WAIT_PRE_AUTH_CONFIRM', 'PAY_PENDING',
  'PAID_FORBID_CONSIGN',
] as const;

/** Sub-order refund statuses as trades carry them; NO_REFUND for a line nobody asked about. */
export const REFUND_STATUSES = [
  'NO_REFUND', 'WAIT_SELLER_AGREE', 'WAIT_BUYER_RETURN_GOODS', 'WAIT_SELLER_CONFIRM_GOODS', 'SELLER_REFUSE_BUYER', 'CLOSED', 'SUCCESS',
] as const;

export const STEP_STATUSES = ['FRONT_NOPAID_FINAL_NOPAID', 'FRONT_PAID_FINAL_NOPAID', 'FRONT_PAID_FINAL_PAID'] as const;

/** Has money been taken for a trade in this status? */
export function isPaid(status: string): boolean {
  return ['SELLER_CONSIGNED_PART', 'WAIT_SELLER_SEND_GOODS', 'WAIT_BUYER_CONFIRM_GOODS', 'TRADE_BUYER_SIGNED', 'TRADE_FINISHED', 'TRADE_CLOSED', 'PAID_FORBID_CONSIGN'].includes(status);
}

/** Have goods left for a trade in this status? (All lines, except SELLER_CONSIGNED_PART: some.) */
export function hasShipped(status: string): boolean {
  return ['WAIT_BUYER_CONFIRM_GOODS', 'TRADE_BUYER_SIGNED', 'TRADE_FINISHED'].includes(status);
}

/** Where buyers and sellers move a trade next: what `mutate` does. */
export const NEXT_STATUS: Readonly<Record<string, string>> = {
  TRADE_NO_CREATE_PAY: 'WAIT_BUYER_PAY',
  WAIT_BUYER_PAY: 'WAIT_SELLER_SEND_GOODS',
  PAY_PENDING: 'WAIT_SELLER_SEND_GOODS',
  WAIT_PRE_AUTH_CONFIRM: 'WAIT_SELLER_SEND_GOODS',
  WAIT_SELLER_SEND_GOODS: 'SELLER_CONSIGNED_PART',
  PAID_FORBID_CONSIGN: 'WAIT_SELLER_SEND_GOODS',
  SELLER_CONSIGNED_PART: 'WAIT_BUYER_CONFIRM_GOODS',
  WAIT_BUYER_CONFIRM_GOODS: 'TRADE_FINISHED',
  TRADE_BUYER_SIGNED: 'TRADE_FINISHED',
};
