/**
 * Trims and lowercases an email address; returns undefined for text that is not an address.
 *
 * Dots and `+tags` are deliberately kept: only some providers (Gmail) ignore them, and for every
 * other domain `a.b@x.com` and `ab@x.com` can be two people. Merging them would join customers who
 * are not the same, which is worse than missing a match. Lowercasing the local part is the one
 * liberty taken, because no mainstream provider treats case as significant and platforms disagree
 * on the case they send.
 *
 * @example
 *   normalizeEmail('  Li.Lei+shop@Example.COM ') // 'li.lei+shop@example.com'
 */
export function normalizeEmail(text: unknown): string | undefined {
  if (typeof text !== 'string') return undefined;
  const email = text.trim().toLowerCase();
  // One @, a non-empty local part without spaces, a dotted domain of letters, digits and hyphens.
  if (!/^[^\s@]+@(?:[a-z0-9\u00a1-\uffff](?:[a-z0-9\u00a1-\uffff-]*[a-z0-9\u00a1-\uffff])?\.)+[a-z\u00a1-\uffff]{2,}$/u.test(email)) return undefined;
  const local = email.slice(0, email.indexOf('@'));
  if (local.startsWith('.') || local.endsWith('.') || local.includes('..') || local.length > 64) return undefined;
  return email;
}
