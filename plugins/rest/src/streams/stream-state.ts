import type { Comparable, CursorCodec } from '../cursor-value.js';

/**
 * What a stream with a cursor persists. `cursor` is the highest cursor value settled by a listing
 * that ran to its end (an instant as ISO 8601 for the time formats); `seen` lists the records
 * delivered with a cursor inside the overlap below it, as [key, cursor], so the next run, which
 * asks from `cursor` less the overlap, does not deliver them again. A read cut short persists the
 * state it started from: the next run lists the same range again and loses nothing.
 */
export interface RestStreamState {
  cursor?: string | number;
  seen?: [string, Comparable][];
}

/** The most `seen` entries kept: past it the oldest go, and may be delivered once more (harmless: writes are idempotent). */
export const MAX_SEEN = 5000;

/** The saved state, or a fresh start when there is none or it is not ours. */
export function parseState(state: unknown): RestStreamState {
  if (state === null || typeof state !== 'object') return {};
  const s = state as Record<string, unknown>;
  const out: RestStreamState = {};
  if (typeof s.cursor === 'string' || typeof s.cursor === 'number') out.cursor = s.cursor;
  if (Array.isArray(s.seen)) {
    out.seen = s.seen.filter((e): e is [string, Comparable] => Array.isArray(e) && e.length === 2 && typeof e[0] === 'string' && (typeof e[1] === 'string' || typeof e[1] === 'number'));
  }
  return out;
}

/** The comparable form of a saved cursor. */
export function savedCursor(state: RestStreamState, codec: CursorCodec): Comparable | undefined {
  if (state.cursor === undefined) return undefined;
  if (!codec.isTime) return codec.parse(state.cursor);
  const ms = typeof state.cursor === 'number' ? state.cursor : Date.parse(state.cursor);
  return Number.isNaN(ms) ? undefined : ms;
}

/** How a comparable cursor is written into the state: instants as ISO 8601, readable in `datong status`. */
export function storedCursor(value: Comparable, codec: CursorCodec): string | number {
  return codec.isTime && typeof value === 'number' ? new Date(value).toISOString() : value;
}
