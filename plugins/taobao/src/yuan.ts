/**
 * TOP amounts are yuan as text ("128.5", "128.50", "0"): written here as exact decimal strings with
 * two places, by string and integer arithmetic on fen, never through a float. Undefined when the
 * text is not an amount.
 */
export function yuan(text: string | number | null | undefined): string | undefined {
  if (text === null || text === undefined) return undefined;
  const m = /^(-)?(\d+)(?:\.(\d{1,2})0*)?$/.exec(String(text).trim());
  if (!m) return undefined;
  const fen = BigInt(m[2]!) * 100n + BigInt((m[3] ?? '').padEnd(2, '0') || '0');
  return fenToYuan(m[1] ? -fen : fen);
}

/** Fen (integer) as a yuan decimal string: 12850n → "128.50". */
export function fenToYuan(fen: bigint): string {
  const sign = fen < 0n ? '-' : '';
  const abs = fen < 0n ? -fen : fen;
  return `${sign}${abs / 100n}.${String(abs % 100n).padStart(2, '0')}`;
}
