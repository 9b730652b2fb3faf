/** What the request log shows instead of a credential: that one was sent, never its value. */
export const PRESENT = '[present]';

// Names are compared with separators removed, so `X-Api-Key`, `api_key` and `apiKey` all match.
const SECRET_PARTS = ['authorization', 'cookie', 'token', 'secret', 'password', 'passwd', 'apikey', 'session', 'signature', 'hmac'];
const SECRET_EXACT = new Set(['sign', 'code', 'xshopifyaccesstoken']);

/**
 * Whether a header, query param or body field carries a credential: authorization, cookies,
 * anything named like token/secret/password/sign, Taobao's `session` (the access token), an
 * OAuth `code`. `sign_method` and the like are not secrets and stay readable.
 */
export function isSecretName(name: string): boolean {
  const n = name.toLowerCase().replace(/[^a-z0-9]/g, '');
  if (SECRET_EXACT.has(n)) return true;
  // `x-sign`, `top_sign`, `apiSign`, but not `design`.
  if (/(?:^|[-_.])sign$|[a-z0-9]Sign$/.test(name)) return true;
  return SECRET_PARTS.some((part) => n.includes(part));
}

export function maskRecord(record: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(record)) out[name] = isSecretName(name) ? PRESENT : value;
  return out;
}

export function maskQuery(query: URLSearchParams): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of query) out[name] = isSecretName(name) ? PRESENT : value;
  return out;
}

/** Masks the top-level fields of a JSON or form body; other bodies are kept as they are. */
export function maskBody(body: unknown): unknown {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return body;
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(body)) out[name] = isSecretName(name) ? PRESENT : value;
  return out;
}
