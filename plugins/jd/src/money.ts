/**
 * JD's yuan amount ("99", "128.5", "0.10") as an exact two-decimal string, by integer arithmetic
 * on its digits (never through a float). Undefined when the text is not an amount.
 */
export function yuan(text: string | number | null | undefined): string | undefined {
  const m = /^(-?)(\d+)(?:\.(\d{1,2})0*)?$/.exec(String(text ?? '').trim());
  if (!m) return undefined;
  const fen = BigInt(m[2] ?? '0') * 100n + BigInt((m[3] ?? '').padEnd(2, '0') || '0');
  const whole = fen / 100n;
  const cents = (fen % 100n).toString().padStart(2, '0');
  return `${m[1] && fen !== 0n ? '-' : ''}${whole}.${cents}`;
}
