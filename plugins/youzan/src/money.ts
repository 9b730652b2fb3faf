import { RecordError } from '@datong/sdk';

/**
 * A yuan amount as Youzan sends it ("9.82", "10", 12.5) as an exact decimal string with two
 * decimals, by string arithmetic: no float ever touches the value.
 */
export function yuan(value: unknown, field: string): string {
  const text = typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim() : '';
  const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(text);
  if (!m) throw new RecordError(`${field} "${String(value)}" is not a yuan amount`);
  const fraction = (m[3] ?? '').padEnd(2, '0');
  if (/[1-9]/.test(fraction.slice(2))) throw new RecordError(`${field} "${text}" has more than two decimals`);
  return `${m[1]}${BigInt(m[2]!).toString()}.${fraction.slice(0, 2)}`;
}

