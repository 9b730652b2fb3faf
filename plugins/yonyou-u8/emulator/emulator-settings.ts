/**
 * How the emulated U8 behaves where its documentation is silent (every value here is UNCONFIRMED
 * unless it says otherwise). Change them at start (`startEmulator({ settings })`, or
 * `datong emulate yonyou-u8 --set name=value`) or at run time through `POST /_emulator/settings`.
 */
export interface U8EmulatorSettings {
  /** Lifetime of a token, seconds. Documented: 7200. */
  tokenTtlSeconds: number;
  /** One-shot: after this many more calls carrying a token, every token issued so far expires. Cleared when it fires. */
  expireTokensAfterCalls?: number;
  /** Calls allowed per throttle window (all calls of the app key, token and trade-id calls included); 0 turns the throttle off. U8 documents no limit. */
  throttleRequests: number;
  /** The throttle window, ms. */
  throttleWindowMs: number;
  /** Calls allowed in all before the quota errcode answers every call; 0 means no quota. */
  dailyQuota: number;
  /** The longest customer name (ccusname) U8 takes. */
  maxNameLength: number;
  /** The longest customer code; U8's ccuscode is 20 characters. */
  maxCustomerCodeLength: number;
  /** The longest sale-order code. */
  maxOrderCodeLength: number;
  /** One-shot: the next N adds are made, then answered 503 as if the answer was lost on the way. */
  loseAddAnswers: number;
  /** One-shot: the next N get calls answer not-found whatever U8 holds (a lagging read). */
  getMisses: number;
  /** Which gets getMisses affects: one resource's, or any. */
  getMissesOf: 'customer' | 'saleorder' | 'any';
  /** The state an abandoned (voided) sale order shows. */
  abandonedState: string;
  /** The errcodes the emulator answers, by condition. */
  errcodes: U8EmulatorErrcodes;
}

export interface U8EmulatorErrcodes {
  /** The app key, secret or from_account at /system/token are wrong. */
  badCredentials: string;
  /** The token expired or was never issued. */
  tokenExpired: string;
  /** Too many calls in the throttle window. */
  throttled: string;
  /** The quota is used up. */
  quotaExhausted: string;
  /** A business call names a to_account (or from_account/app_key) that is not this account's. */
  badAccount: string;
  /** A get found nothing. */
  notFound: string;
  /** A field is missing, too long or malformed (the message names it). */
  invalidField: string;
  /** An add names a code U8 holds already. */
  duplicateCode: string;
  /** An add carries both tradeid and biz_id, or neither. */
  tradeidAndBizId: string;
  /** An add's tradeid was never issued by /system/tradeid. */
  unknownTradeid: string;
  /** A sale order names a customer code U8 does not hold. */
  unknownCustomer: string;
}

export const DEFAULT_SETTINGS: U8EmulatorSettings = {
  tokenTtlSeconds: 7200,
  throttleRequests: 20,
  throttleWindowMs: 1000,
  dailyQuota: 0,
  maxNameLength: 98,
  maxCustomerCodeLength: 20,
  maxOrderCodeLength: 30,
  loseAddAnswers: 0,
  getMisses: 0,
  getMissesOf: 'any',
  abandonedState: '作废',
  errcodes: {
    badCredentials: '30001',
    tokenExpired: '30002',
    throttled: '30003',
    quotaExhausted: '30004',
    badAccount: '20001',
    notFound: '20002',
    invalidField: '20005',
    duplicateCode: '20007',
    tradeidAndBizId: '20008',
    unknownTradeid: '20010',
    unknownCustomer: '20009',
  },
};
