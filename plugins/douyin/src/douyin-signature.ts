import { createHash, createHmac } from 'node:crypto';

/** The sign methods the gateway takes. */
export type SignMethod = 'hmac-sha256' | 'md5';

/** The signed part of a request: everything but access_token, sign and sign_method. */
export interface SignedParams {
  appKey: string;
  method: string;
  paramJson: string;
  timestamp: string;
  v: string;
}

/**
 * Business params as Douyin signs them: compact JSON with object keys sorted recursively (arrays
 * keep their order), no HTML escaping (as the official Go sample's encoder). Undefined members are
 * left out, as JSON.stringify would.
 *
 * @example
 *   paramJson({ z: 2, nested: { z: 2, a: 1 }, a: 1 }) // '{"a":1,"nested":{"a":1,"z":2},"z":2}'
 */
export function paramJson(params: unknown): string {
  return JSON.stringify(sortKeys(params));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) {
    const member = (value as Record<string, unknown>)[key];
    if (member !== undefined) out[key] = sortKeys(member);
  }
  return out;
}

/**
 * The request signature: `secret + "app_key"…"method"…"param_json"…"timestamp"…"v"… + secret`,
 * hashed by HMAC-SHA256 keyed with the secret, or MD5, as lowercase hex. access_token is not signed.
 */
export function douyinSign(params: SignedParams, appSecret: string, signMethod: SignMethod = 'hmac-sha256'): string {
  const pattern = `app_key${params.appKey}method${params.method}param_json${params.paramJson}timestamp${params.timestamp}v${params.v}`;
  const text = `${appSecret}${pattern}${appSecret}`;
  if (signMethod === 'md5') return createHash('md5').update(text, 'utf8').digest('hex');
  return createHmac('sha256', appSecret).update(text, 'utf8').digest('hex');
}

/** `yyyy-MM-dd HH:mm:ss` in GMT+8, the timestamp format most SDKs send. */
export function gatewayTimestamp(ms: number): string {
  return new Date(ms + 8 * 3600_000).toISOString().slice(0, 19).replace('T', ' ');
}
