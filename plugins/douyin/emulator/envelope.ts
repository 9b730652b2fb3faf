import type { EmulatorResponse } from '@datong/sdk/emulator';

/** Douyin answers errors inside HTTP 200, in the envelope. */
export function success(data: unknown): EmulatorResponse {
  return { json: { code: 10000, msg: 'success', sub_code: '', sub_msg: '', log_id: logId(), data } };
}

export function failure(code: number, msg: string, subCode: string, subMsg: string, fault?: string): EmulatorResponse {
  return { json: { code, msg, sub_code: subCode, sub_msg: subMsg, log_id: logId(), data: {} }, ...(fault ? { fault } : {}) };
}

let logs = 0;
function logId(): string {
  logs += 1;
  return `2026${String(logs).padStart(16, '0')}`;
}

/** The error answers the emulator gives; codes marked UNCONFIRMED in the README are its own choices. */
export const ERRORS = {
  /** order.searchList: size over the maximum. */
  sizeTooLarge: () => failure(40004, '非法的参数', 'isv.parameter-invalid:20008', 'size不能超过100'),
  /** More results reachable than the platform serves: narrow the time window. */
  tooManyResults: (max: number) => failure(40004, '非法的参数', 'isv.parameter-invalid:20013', `查询结果超过${max}条,请缩小时间范围`),
  needStartTime: () => failure(40004, '非法的参数', 'isv.parameter-invalid:20011', '需要传入create_time_start或update_time_start'),
  combineStatus: () => failure(40004, '非法的参数', 'isv.parameter-invalid:20012', 'combine_status最多传一个'),
  negativePage: () => failure(40004, '非法的参数', 'isv.parameter-invalid:10035', 'page不能小于0'),
  /** UNCONFIRMED sub code: the lookback limit's own error is not documented. */
  tooOld: (days: number) => failure(40004, '非法的参数', 'isv.parameter-invalid:20014', `只能查询${days}天内的订单`),
  badParam: (what: string) => failure(40004, '非法的参数', 'isv.parameter-invalid', what),
  /** UNCONFIRMED: the signature error's code. */
  badSign: () => failure(40003, '签名错误', 'isv.signature-invalid', 'sign校验失败'),
  /** UNCONFIRMED: the timestamp error's code. */
  badTimestamp: () => failure(40004, '非法的参数', 'isv.parameter-invalid:timestamp', 'timestamp不合法或与服务器时间相差过大'),
  unknownApp: () => failure(40004, '非法的参数', 'isv.parameter-invalid:app_key', 'app_key不存在'),
  unknownMethod: (method: string) => failure(40004, '非法的参数', 'isv.method-invalid', `method ${method} 不存在`),
  /** UNCONFIRMED codes for an unknown and an expired token. */
  noToken: () => failure(30001, 'access_token不存在,请使用最新的access_token访问', 'isv.access-token-no-existed', 'access_token不存在'),
  expiredToken: (fault?: string) => failure(30002, 'access_token已过期', 'isv.access-token-expired', 'access_token已过期', fault),
  badRefreshToken: () => failure(40004, '非法的参数', 'isv.parameter-invalid:refresh_token', 'refresh_token无效或已过期'),
  badGrant: () => failure(40004, '非法的参数', 'isv.parameter-invalid:grant_type', 'grant_type或授权参数不合法'),
  serviceError: () => failure(20000, '系统错误', 'isp.service-error:20004', '系统超时,请重试', '5xx'),
};
