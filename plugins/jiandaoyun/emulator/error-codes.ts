import type { EmulatorResponse } from '@datong/sdk/emulator';

/**
 * The emulated platform's error answers: `{ code, msg }` bodies. Only 8303 (HTTP 400, 超出请求频率限制)
 * and HTTP 429 for concurrency are documented (OFFICIAL, hc.jiandaoyun.com/open/11261); every
 * other code here is UNCONFIRMED and chosen for the emulator (see the README).
 */
export const CODES = {
  invalidRequest: 4000,
  invalidValue: 4001,
  unknownWidget: 4002,
  batchTooLarge: 4003,
  formNotFound: 4004,
  dataNotFound: 4005,
  badApiKey: 8301,
  quotaExhausted: 8302,
  tooFrequent: 8303,
  tooConcurrent: 8304,
} as const;

export function platformError(status: number, code: number, msg: string, fault?: string): EmulatorResponse {
  return { status, json: { code, msg }, ...(fault ? { fault } : {}) };
}

export const tooFrequent = (): EmulatorResponse => platformError(400, CODES.tooFrequent, '超出请求频率限制', 'rate-limit');
