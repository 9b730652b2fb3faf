/**
 * Fen (an integer count, as WeChat sends every price) as an exact yuan string: 12850 → "128.50".
 * Integer arithmetic only, so no float ever rounds a price. Undefined and null stay null.
 *
 * @example
 *   fenToYuan(5) // "0.05"
 */
export function fenToYuan(fen: number | string | null | undefined): string | null {
  if (fen === null || fen === undefined || fen === '') return null;
  const text = String(fen).trim();
  if (!/^-?\d+$/.test(text)) throw new Error(`"${text}" is not a whole number of fen`);
  const negative = text.startsWith('-');
  const digits = (negative ? text.slice(1) : text).replace(/^0+(?=\d)/, '').padStart(3, '0');
  return `${negative && /[1-9]/.test(digits) ? '-' : ''}${digits.slice(0, -2)}.${digits.slice(-2)}`;
}
