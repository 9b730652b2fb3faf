import type { SeedPerson } from '@datong/sdk/emulator';

/** A buyer as the emulated shop knows them. */
export interface EmuBuyer {
  person: SeedPerson;
  openid: string;
  /** Only when the shop's AppID is bound to an Open Platform account and the buyer is known there. */
  unionid?: string;
}

export interface EmuLine {
  productId: string;
  skuId: string;
  title: string;
  count: number;
  salePriceFen: number;
  realPriceFen: number;
}

export interface EmuWaybill {
  waybillId: string;
  deliveryId: string;
  /** Unix seconds. */
  time: number;
}

/** One order as the emulator holds it; the wire views mask and shape it per API. */
export interface EmuOrder {
  orderId: string;
  status: number;
  /** Unix seconds. */
  createTime: number;
  updateTime: number;
  buyer: EmuBuyer;
  lines: EmuLine[];
  freightFen: number;
  discountFen: number;
  paidAt?: number;
  prepayId: string;
  transactionId?: string;
  waybills: EmuWaybill[];
  aftersaleIds: string[];
  /** After-sales still in progress. */
  onAftersale: number;
  hashCode: string;
  /** A virtual number stands in for the receiver's phone. */
  virtualTel?: { number: string; expireTime: number };
  customerNotes: string;
  merchantNotes: string;
}

export interface EmuAftersale {
  id: string;
  orderId: string;
  status: string;
  type: 'REFUND' | 'RETURN' | 'EXCHANGE';
  buyer: EmuBuyer;
  productId: string;
  skuId: string;
  count: number;
  refundFen: number;
  reason: string;
  waybillId?: string;
  createTime: number;
  updateTime: number;
}

/** The order statuses each API documents (the emulator's own copy). */
export const CHANNELS_ORDER_STATUSES = [10, 12, 13, 20, 21, 30, 100, 190, 200, 250] as const;
export const MINISHOP_ORDER_STATUSES = [...CHANNELS_ORDER_STATUSES, 1010] as const;

/** The after-sale statuses (EcAftersaleInfoStatus + MERCHANT_REJECT_RESHIP), the emulator's own copy. */
export const AFTERSALE_STATUSES = [
  'USER_CANCELD', 'MERCHANT_PROCESSING', 'MERCHANT_REJECT_REFUND', 'MERCHANT_REJECT_RETURN', 'USER_WAIT_RETURN',
  'RETURN_CLOSED', 'MERCHANT_WAIT_RECEIPT', 'MERCHANT_OVERDUE_REFUND', 'MERCHANT_REFUND_SUCCESS', 'MERCHANT_RETURN_SUCCESS',
  'PLATFORM_REFUNDING', 'PLATFORM_REFUND_FAIL', 'USER_WAIT_CONFIRM', 'MERCHANT_REFUND_RETRY_FAIL', 'MERCHANT_FAIL', 'MERCHANT_REJECT_RESHIP',
] as const;

/** After-sale statuses that are over: the order no longer counts them as in progress. */
export const AFTERSALE_FINAL = new Set(['USER_CANCELD', 'RETURN_CLOSED', 'MERCHANT_REFUND_SUCCESS', 'MERCHANT_RETURN_SUCCESS', 'MERCHANT_REFUND_RETRY_FAIL', 'MERCHANT_FAIL']);
