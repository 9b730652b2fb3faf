import { RecordError } from '@datong/sdk';

/**
 * A PDD amount in yuan (a JSON float such as 128.5, or text "128.50") as an exact two-decimal
 * string. The float is rounded once to whole fen (an integer), and the text is built from that
 * integer, so no float arithmetic survives past the rounding.
 */
export function yuan(value: unknown, field: string): string {
  const fen = toFen(value, field);
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/** As `yuan`, but null or absent stays null. */
export function yuanOrNull(value: unknown, field: string): string | null {
  return value === null || value === undefined || value === '' ? null : yuan(value, field);
}

function toFen(value: unknown, field: string): number {
  if (typeof value === 'number' && Number.isFinite(value)) return Math.round(value * 100);
  if (typeof value === 'string') {
    const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(value.trim());
    if (m) {
      const [, minus, whole, frac = ''] = m;
      // Round half up on the third decimal, in integers.
      const cents = Number(whole) * 100 + Number(frac.slice(0, 2).padEnd(2, '0')) + (Number(frac.charAt(2) || '0') >= 5 ? 1 : 0);
      return minus === '-' ? -cents : cents;
    }
  }
  throw new RecordError(`${field} ${JSON.stringify(value)} is not an amount in yuan`, { code: 'BAD_VALUE' });
}

const PDD_TIME = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2})$/;

/**
 * A PDD time (`yyyy-MM-dd HH:mm:ss`, Beijing time) as ISO 8601 with its +08:00 offset. A Unix
 * timestamp (seconds, or ms when it is that large) is accepted too, as some answers carry one.
 */
export function pddTime(value: unknown, field: string): string {
  if (typeof value === 'string') {
    const m = PDD_TIME.exec(value.trim());
    if (m) return `${m[1]}T${m[2]}+08:00`;
    if (/^\d+$/.test(value.trim())) return pddTime(Number(value), field);
  }
  if (typeof value === 'number' && Number.isFinite(value) && value > 0) {
    const ms = value > 1e12 ? value : value * 1000;
    return beijing(ms);
  }
  throw new RecordError(`${field} ${JSON.stringify(value)} is not a PDD time`, { code: 'BAD_VALUE' });
}

/** As `pddTime`, but null, absent or empty stays null. */
export function pddTimeOrNull(value: unknown, field: string): string | null {
  return value === null || value === undefined || value === '' ? null : pddTime(value, field);
}

/** A moment (ms epoch) as ISO 8601 in Beijing time, +08:00. */
export function beijing(ms: number): string {
  const shifted = new Date(Math.floor(ms / 1000) * 1000 + 8 * 3600_000).toISOString();
  return `${shifted.slice(0, 19)}+08:00`;
}

/** A value as text, or null. */
export function text(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  return String(value);
}

/** A value as an integer, or null. */
export function integer(value: unknown): number | null {
  if (value === null || value === undefined || value === '') return null;
  const n = Number(value);
  return Number.isInteger(n) ? n : null;
}
