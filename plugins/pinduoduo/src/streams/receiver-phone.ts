/**
 * A receiver phone PDD gives in plaintext: digits only (a leading + allowed), no mask. PDD sends
 * plaintext only while the order awaits shipment and `1387677****` after; a masked number must
 * never become an identity key or a plain phone field.
 */
export function plainPhone(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const trimmed = value.trim();
  return /^\+?\d{6,15}$/.test(trimmed) ? trimmed : null;
}

/**
 * Whether a receiver field is PDD ciphertext rather than text: the newer model wraps each sealed
 * value in a marker character (`$…$` phones, `~…~` names, `#…#` addresses, by third-party
 * accounts: UNCONFIRMED), which plain names, phones and addresses never do at both ends.
 */
export function isCiphertext(value: unknown): boolean {
  return typeof value === 'string' && value.length >= 8 && /^[$~#]/.test(value) && value.endsWith(value.charAt(0));
}
