import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The emulator's own reading of Douyin's signature (written apart from the client's, so a
 * misreading cannot agree with itself): the gateway re-serialises param_json with every object's
 * keys in order, wraps `app_key…method…param_json…timestamp…v…` in the secret and hashes it
 * (md5, or HMAC-SHA256 keyed with the secret), lowercase hex. access_token takes no part.
 */
export function canonicalParamJson(text: string): string | undefined {
  let value: unknown;
  try {
    value = text.trim() === '' ? {} : (JSON.parse(text) as unknown);
  } catch {
    return undefined;
  }
  return serialise(value);
}

function serialise(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(serialise).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${serialise(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export function expectedSign(fields: { appKey: string; method: string; paramJson: string; timestamp: string; v: string }, secret: string, signMethod: string): string {
  const joined = ['app_key', fields.appKey, 'method', fields.method, 'param_json', fields.paramJson, 'timestamp', fields.timestamp, 'v', fields.v].join('');
  const wrapped = secret + joined + secret;
  return signMethod === 'hmac-sha256'
    ? createHmac('sha256', Buffer.from(secret, 'utf8')).update(Buffer.from(wrapped, 'utf8')).digest('hex')
    : createHash('md5').update(Buffer.from(wrapped, 'utf8')).digest('hex');
}

/** Exact, timing-safe comparison: an upper-case hex signature is a wrong one. */
export function sameSign(given: string, wanted: string): boolean {
  const a = Buffer.from(given, 'utf8');
  const b = Buffer.from(wanted, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * The request's timestamp as ms epoch: `yyyy-MM-dd HH:mm:ss` in GMT+8 (most SDKs) or Unix seconds
 * (some). Undefined when it is neither.
 */
export function timestampMs(text: string): number | undefined {
  if (/^\d{9,10}$/.test(text)) return Number(text) * 1000;
  const m = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/.exec(text);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s] = m.map(Number) as [number, number, number, number, number, number, number];
  return Date.UTC(y, mo - 1, d, h - 8, mi, s);
}
