import { RecordError } from '@datong/sdk';

/**
 * Fen (integer) as an exact yuan decimal string, by integer arithmetic: 12850 → "128.50".
 * Throws a RecordError when the platform sent something that is not a whole number of fen.
 */
export function fenToYuan(fen: unknown, field: string): string {
  if (typeof fen !== 'number' || !Number.isSafeInteger(fen)) {
    throw new RecordError(`Douyin ${field} ${JSON.stringify(fen)} is not a whole number of fen`, { code: 'INVALID_AMOUNT' });
  }
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  return `${sign}${Math.trunc(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}
