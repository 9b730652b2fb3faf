export type CursorFormat = 'iso8601' | 'unix' | 'unix_ms' | 'number' | 'string';

/** A cursor value made comparable: ms epoch for the time formats, the number, or the text. */
export type Comparable = number | string;

/**
 * How one stream's cursor values are read, compared and written back as its filter parameter.
 * Time formats compare as instants (so "2026-01-01T08:00:00+08:00" equals "2026-01-01T00:00:00Z")
 * and can step back by an overlap; number and string cursors compare as they are.
 */
export class CursorCodec {
  constructor(readonly format: CursorFormat) {}

  get isTime(): boolean {
    return this.format === 'iso8601' || this.format === 'unix' || this.format === 'unix_ms';
  }

  /** A record's (or the saved state's) value, comparable; undefined when absent or unreadable. */
  parse(raw: unknown): Comparable | undefined {
    if (raw === undefined || raw === null || raw === '') return undefined;
    switch (this.format) {
      case 'iso8601': {
        if (typeof raw !== 'string') return undefined;
        const ms = Date.parse(raw);
        return Number.isNaN(ms) ? undefined : ms;
      }
      case 'unix':
      case 'unix_ms':
      case 'number': {
        const n = typeof raw === 'number' ? raw : typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : Number.NaN;
        if (!Number.isFinite(n)) return undefined;
        return this.format === 'unix' ? n * 1000 : n;
      }
      case 'string':
        return typeof raw === 'string' || typeof raw === 'number' ? String(raw) : undefined;
    }
  }

  compare(a: Comparable, b: Comparable): number {
    if (typeof a === 'number' && typeof b === 'number') return a - b;
    const x = String(a);
    const y = String(b);
    return x < y ? -1 : x > y ? 1 : 0;
  }

  /** The comparable of an ISO 8601 moment (startDate), or undefined when the format is not a time. */
  fromMoment(iso: string): Comparable | undefined {
    return this.isTime ? Date.parse(iso) : undefined;
  }

  /** The filter parameter for "at or after `from`", `overlapSeconds` earlier for the time formats. */
  param(from: Comparable, overlapSeconds: number): string {
    if (!this.isTime || typeof from !== 'number') return String(from);
    const ms = Math.max(0, from - overlapSeconds * 1000);
    if (this.format === 'unix') return String(Math.floor(ms / 1000));
    if (this.format === 'unix_ms') return String(Math.floor(ms));
    return new Date(ms).toISOString().replace(/\.000Z$/, 'Z');
  }
}
