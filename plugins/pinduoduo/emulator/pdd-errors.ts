import type { EmulatorResponse } from '@datong/sdk/emulator';

/** PDD's error messages by code (its per-API error tables). */
const MESSAGES: Record<number, string> = {
  10000: '参数错误',
  10001: '公共参数错误',
  10002: '请求方法错误，仅支持POST',
  10016: 'client_id不正确',
  10019: 'access_token已过期',
  10035: 'access_token已过期',
  20004: '签名sign校验失败',
  20007: '缺少必填请求参数',
  20032: 'access_token或client_id错误',
  50012: '此API已下线',
  70031: '调用过于频繁，请调整调用频率',
  70032: '调用过于频繁，请调整调用频率',
};

let sequence = 0;

/** PDD's error envelope, answered with HTTP 200 as the gateway does. */
export function pddError(code: number, subMsg = '', subCode = ''): EmulatorResponse {
  sequence += 1;
  return {
    status: 200,
    json: {
      error_response: {
        error_code: code,
        error_msg: MESSAGES[code] ?? '业务服务错误',
        sub_code: subCode,
        sub_msg: subMsg,
        request_id: `${Date.now()}${String(sequence).padStart(6, '0')}`,
      },
    },
  };
}
