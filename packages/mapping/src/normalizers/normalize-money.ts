/** An amount as exact decimal text (never a float) and its ISO-4217 currency. */
export interface Money {
  amount: string;
  currency: string;
}

/** Digits after the point in the currency's minor unit (fen, cents); 2 unless listed. */
const MINOR_DIGITS: Record<string, number> = { JPY: 0, KRW: 0, VND: 0, CLP: 0, ISK: 0, BHD: 3, KWD: 3, OMR: 3, JOD: 3, TND: 3 };

/**
 * Normalizes an amount. `unit: 'major'` (default) reads decimal text or numbers such as
 * `"¥1,280.50"` or `128.5`; `unit: 'minor'` reads integer fen/cents (`12850`) and divides exactly,
 * by moving the decimal point, never through floating point. The result keeps the currency's
 * minor digits: `{ amount: "128.50", currency: "CNY" }`. Undefined for text that is not an amount.
 *
 * @example
 *   normalizeMoney(12850, { currency: 'CNY', unit: 'minor' }) // { amount: '128.50', currency: 'CNY' }
 */
export function normalizeMoney(value: unknown, options: { currency?: string; unit?: 'major' | 'minor' } = {}): Money | undefined {
  const currency = (options.currency ?? 'CNY').toUpperCase();
  const digits = MINOR_DIGITS[currency] ?? 2;
  let text: string;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return undefined;
    text = options.unit === 'minor' ? String(value) : value.toFixed(Math.max(digits, decimalsOf(value)));
  } else if (typeof value === 'bigint') {
    text = value.toString();
  } else if (typeof value === 'string') {
    text = value.trim().replace(/^[¥￥$€£]|[¥￥元]$/gu, '').replace(/^(?:CNY|RMB|USD|EUR|GBP)\s*|\s*(?:CNY|RMB|USD|EUR|GBP)$/giu, '').replace(/,/g, '').trim();
  } else {
    return undefined;
  }
  const m = /^([-+]?)(\d+)(?:\.(\d+))?$/.exec(text);
  if (!m) return undefined;
  const sign = m[1] === '-' ? '-' : '';
  let whole = m[2]!;
  let frac = m[3] ?? '';
  if (options.unit === 'minor') {
    if (frac !== '' && !/^0*$/.test(frac)) return undefined; // fen/cents are whole numbers
    frac = '';
    whole = whole.padStart(digits + 1, '0');
    frac = whole.slice(whole.length - digits);
    whole = whole.slice(0, whole.length - digits);
  }
  if (frac.length < digits) frac = frac.padEnd(digits, '0');
  else if (frac.length > digits) frac = frac.replace(/0+$/, '').padEnd(digits, '0');
  whole = whole.replace(/^0+(?=\d)/, '');
  const amount = frac === '' ? whole : `${whole}.${frac}`;
  const isZero = /^[0.]*$/.test(amount);
  return { amount: isZero ? amount : sign + amount, currency };
}

function decimalsOf(n: number): number {
  const s = String(n);
  if (s.includes('e')) return 0;
  const dot = s.indexOf('.');
  return dot < 0 ? 0 : s.length - dot - 1;
}
