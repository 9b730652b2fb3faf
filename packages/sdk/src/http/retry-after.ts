/**
 * How long a `Retry-After` header asks us to wait, in milliseconds: whole or fractional seconds
 * (Shopify sends `2.0`) or an HTTP date. Undefined when absent or unreadable; a date in the past
 * means now (0).
 *
 * @example
 *   parseRetryAfter('2.0'); // 2000
 *   parseRetryAfter('Wed, 21 Oct 2015 07:28:00 GMT', Date.parse('Wed, 21 Oct 2015 07:27:58 GMT')); // 2000
 */
export function parseRetryAfter(value: string | undefined, now: number = Date.now()): number | undefined {
  if (value === undefined) return undefined;
  const text = value.trim();
  if (text === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  // Only a real HTTP date: Date.parse alone would read "-1" or "soon-ish" as some year.
  if (!/[a-z]{3}/i.test(text)) return undefined;
  const at = Date.parse(text);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - now);
}
