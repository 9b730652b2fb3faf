import { createHmac } from 'node:crypto';

/** How the HMAC auth signs a request (the config's hmac fields, defaults filled in). */
export interface HmacOptions {
  secret: string;
  algorithm: 'sha256' | 'sha512';
  encoding: 'hex' | 'base64';
}

/** RFC 3986 unreserved characters stay; everything else is %XX (upper case), unlike encodeURIComponent's !'()*. */
export function rfc3986(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/**
 * The string the HMAC auth signs: every query parameter of the request (the timestamp and key id
 * included, the signature itself never), each name and value percent-encoded per RFC 3986, sorted
 * by encoded name then encoded value (byte order), written `name=value` and joined with `&`.
 *
 * @example
 *   canonicalQuery([['page', '2'], ['timestamp', '1764756000'], ['updated_since', '2026-12-01T00:00:00Z']])
 *   // 'page=2&timestamp=1764756000&updated_since=2026-12-01T00%3A00%3A00Z'
 */
export function canonicalQuery(params: Iterable<[string, string]>): string {
  const pairs = [...params].map(([name, value]) => [rfc3986(name), rfc3986(value)] as const);
  pairs.sort(([an, av], [bn, bv]) => (an < bn ? -1 : an > bn ? 1 : av < bv ? -1 : av > bv ? 1 : 0));
  return pairs.map(([name, value]) => `${name}=${value}`).join('&');
}

/** HMAC of the canonical query with the shared secret, hex or base64. */
export function signQuery(params: Iterable<[string, string]>, options: HmacOptions): string {
  return createHmac(options.algorithm, options.secret).update(canonicalQuery(params), 'utf8').digest(options.encoding);
}
