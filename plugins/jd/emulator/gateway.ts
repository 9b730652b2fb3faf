import type { EmulatorKit, EmulatorRequest, EmulatorResponse } from '@datong/sdk/emulator';
import { expectedSign, fromChinaTime } from './gateway-signature.js';

/** What the gateway checks requests against. */
export interface GatewaySettings {
  kit: EmulatorKit;
  apps: Map<string, string>;
  /** access token → the moment it was issued or last refreshed. */
  tokens: Map<string, number>;
  clockSkewMs: number;
  tokenErrorCode: string;
  dateHeader: boolean;
  methods: Map<string, (business: Record<string, unknown>, req: EmulatorRequest) => EmulatorResponse>;
  responseSuffix: string;
}

/** `{"error_response":{code, zh_desc, en_desc}}` with HTTP 200, as JOS answers gateway errors. */
export function josError(settings: Pick<GatewaySettings, 'kit' | 'dateHeader'>, code: string, zh: string, en: string, fault?: string): EmulatorResponse {
  return { status: 200, headers: dateHeaders(settings), json: { error_response: { code, zh_desc: zh, en_desc: en } }, fault };
}

export function dateHeaders(settings: Pick<GatewaySettings, 'kit' | 'dateHeader'>): Record<string, string> {
  return settings.dateHeader ? { date: new Date(settings.kit.now()).toUTCString() } : {};
}

/** Every parameter of a GET query or POST form, as JOS reads them. */
function params(req: EmulatorRequest): Map<string, string> {
  const out = new Map<string, string>(req.query);
  if (req.body && typeof req.body === 'object') for (const [k, v] of Object.entries(req.body as Record<string, unknown>)) out.set(k, String(v));
  return out;
}

/**
 * The JOS router: system parameters checked in the order the error table numbers them (method 14,
 * v 4/15, timestamp 7/8, sign 11/12, token 19 UNCONFIRMED), then the method's own handler with
 * the parsed 360buy_param_json, its answer wrapped as `<method with _>_responce`.
 */
export function routerHandler(settings: GatewaySettings) {
  return (req: EmulatorRequest): EmulatorResponse => {
    const p = params(req);
    const method = p.get('method');
    if (!method) return josError(settings, '14', '缺少method参数', 'Missing Method');
    const v = p.get('v');
    if (!v) return josError(settings, '4', '缺少版本参数', 'Missing Version');
    if (v !== '2.0') return josError(settings, '15', '无效方法', 'Invalid Method');
    const timestamp = p.get('timestamp');
    if (!timestamp) return josError(settings, '7', '缺少时间戳参数', 'Missing Timestamp');
    const at = fromChinaTime(timestamp);
    if (Number.isNaN(at) || Math.abs(at - settings.kit.now()) > settings.clockSkewMs) {
      return josError(settings, '8', '无效时间戳', 'Invalid Timestamp', 'clock-skew');
    }
    const sign = p.get('sign');
    if (!sign) return josError(settings, '11', '缺少签名参数', 'Missing Signature');
    const secret = settings.apps.get(p.get('app_key') ?? '');
    if (secret === undefined || expectedSign(p, secret) !== sign.toUpperCase()) return josError(settings, '12', '无效签名', 'Invalid Signature', 'bad-signature');
    const handler = settings.methods.get(method);
    if (!handler) return josError(settings, '15', '无效方法', 'Invalid Method');
    const token = p.get('access_token') ?? '';
    const issued = settings.tokens.get(token);
    if (issued === undefined || settings.kit.tokenExpired(issued)) {
      return josError(settings, settings.tokenErrorCode, 'access_token已过期或无效', 'Invalid access_token', issued === undefined ? undefined : 'token-expired');
    }
    let business: Record<string, unknown>;
    try {
      business = JSON.parse(p.get('360buy_param_json') ?? '{}') as Record<string, unknown>;
    } catch {
      return josError(settings, '66', '360buy_param_json不是合法的JSON', 'Invalid 360buy_param_json');
    }
    const answer = handler(business, req);
    if (answer.json === undefined || (answer.json as { error_response?: unknown }).error_response) return { ...answer, headers: { ...dateHeaders(settings), ...answer.headers } };
    return { ...answer, headers: { ...dateHeaders(settings), ...answer.headers }, json: { [`${method.replace(/\./g, '_')}${settings.responseSuffix}`]: answer.json } };
  };
}
