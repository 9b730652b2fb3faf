import { randomBytes } from 'node:crypto';
import type { EmulatorResponse } from '@datong/sdk/emulator';

/**
 * WeChat's error answers as the emulator sends them: always HTTP 200 with `{errcode, errmsg}`,
 * the errmsg ending in a request id as the real gateway's do. Written apart from the plugin's
 * tables on purpose (DESIGN.md: an emulator shares no code with its client).
 */
export const ERRORS = {
  systemBusy: [-1, 'system error'],
  invalidCredential: [40001, 'invalid credential, access_token is invalid or not latest'],
  invalidGrantType: [40002, 'invalid grant_type'],
  invalidAppId: [40013, 'invalid appid'],
  invalidAccessToken: [40014, 'invalid access_token'],
  invalidArgs: [40097, 'invalid args'],
  invalidAppSecret: [40125, 'invalid appsecret'],
  missingAccessToken: [41001, 'access_token missing'],
  missingAppSecret: [41004, 'appsecret missing'],
  accessTokenExpired: [42001, 'access_token expired'],
  dailyQuota: [45009, 'reach max api daily quota limit'],
  minuteQuota: [45011, 'api minute-quota reach limit  mustslower  retry next minute'],
  dataFormat: [47001, 'data format error'],
  orderNotFound: [100002, 'order not exist'],
  aftersaleWindow: [10020004, '非法的时间区间,不得大于24小时'],
  aftersaleNotFound: [10020000, '售后单号不存在'],
} as const satisfies Record<string, readonly [number, string]>;

export type ErrorName = keyof typeof ERRORS;

/** An error answer, HTTP 200; `fault` tags it in the request log. */
export function wechatError(name: ErrorName, fault?: string): EmulatorResponse {
  const [errcode, errmsg] = ERRORS[name];
  const rid = randomBytes(6).toString('hex');
  return { status: 200, json: { errcode, errmsg: `${errmsg} rid: ${rid.slice(0, 8)}-${rid.slice(8)}` }, ...(fault === undefined ? {} : { fault }) };
}

/** A success answer: `{errcode: 0, errmsg: "ok", ...body}`. */
export function wechatOk(body: Record<string, unknown> = {}): EmulatorResponse {
  return { status: 200, json: { errcode: 0, errmsg: 'ok', ...body } };
}
