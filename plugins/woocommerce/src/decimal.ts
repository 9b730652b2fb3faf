/**
 * Exact decimal text arithmetic for money: WooCommerce sends amounts as strings in the store's
 * precision ("29.35", "-10.00"); sums are done on scaled BigInts, never on floats.
 */
export function sumDecimals(values: string[]): string {
  const scale = Math.max(0, ...values.map((v) => (v.split('.')[1] ?? '').length));
  let total = 0n;
  for (const value of values) total += scaled(value, scale);
  return format(total, scale);
}

/** The absolute value of decimal text: refunds are listed on an order as negative totals. */
export function absDecimal(value: string): string {
  return value.startsWith('-') ? value.slice(1) : value;
}

/** Whether decimal text is above zero. */
export function isPositive(value: string): boolean {
  return !value.startsWith('-') && /[1-9]/.test(value);
}

function scaled(value: string, scale: number): bigint {
  const match = /^(-?)(\d+)(?:\.(\d+))?$/.exec(value.trim());
  if (!match) throw new Error(`not a decimal: "${value}"`);
  const [, sign, whole, fraction = ''] = match;
  const digits = BigInt(`${whole}${fraction.padEnd(scale, '0')}`);
  return sign === '-' ? -digits : digits;
}

function format(value: bigint, scale: number): string {
  const negative = value < 0n;
  const digits = (negative ? -value : value).toString().padStart(scale + 1, '0');
  const whole = digits.slice(0, digits.length - scale);
  const fraction = scale > 0 ? `.${digits.slice(digits.length - scale)}` : '';
  return `${negative ? '-' : ''}${whole}${fraction}`;
}
