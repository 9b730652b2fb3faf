/**
 * How Youzan hands personal data over: plain, masked (138****1234, 张**) or, with the shop's data
 * encryption on, as ciphertext. The ciphertext shape is UNCONFIRMED (no public sample found); the
 * plugin takes `$…$`-wrapped text as ciphertext, the convention of the CN gateways that publish one.
 */
export type PiiForm = 'absent' | 'plain' | 'masked' | 'ciphertext';

export function piiForm(value: unknown): PiiForm {
  if (value === undefined || value === null || value === '') return 'absent';
  const text = String(value);
  if (/^\$[^$]+\$/.test(text)) return 'ciphertext';
  if (text.includes('*')) return 'masked';
  return 'plain';
}

/** The value as text when it is a plain phone number (digits, an optional +, separators); else null. */
export function plainPhone(value: unknown): string | null {
  if (piiForm(value) !== 'plain') return null;
  const compact = String(value).replace(/[\s-]/g, '');
  return /^\+?\d{7,15}$/.test(compact) ? compact : null;
}

/** Splits a field into its as-given value (null when only ciphertext came) and its ciphertext. */
export function splitCipher(value: unknown): { given: string | null; cipher: string | null } {
  const form = piiForm(value);
  if (form === 'absent') return { given: null, cipher: null };
  if (form === 'ciphertext') return { given: null, cipher: String(value) };
  return { given: String(value), cipher: null };
}
