/**
 * The ways an emulator can be told to misbehave. Set them in `EmulatorKitOptions.faults`, with
 * `kit.setFaults(...)`, over HTTP (`POST /_emulator/faults`), or from the command line
 * (`datong emulate <platform> --faults rateLimitAfter=10,errorRatio=0.1`, see {@link parseFaults}).
 *
 * Counters start when a fault is set: `rateLimitAfter: 10` set halfway through a test means
 * "after 10 more calls".
 */
export interface FaultOptions {
  /** After this many platform calls, answer every call with the platform's rate-limit response, for `rateLimitCalls` calls (default: forever until reset). */
  rateLimitAfter?: number;
  rateLimitCalls?: number;
  /** A ratio (0..1) of platform calls answered 5xx (seeded, so reproducible). */
  errorRatio?: number;
  /** The next N platform calls answer 503 (a burst). Counts down as it is served. */
  errorBurst?: number;
  /** Added latency per call, ms (longer than a client's timeout, it is a timeout). */
  latencyMs?: number;
  /** Tokens issued so far expire at this moment (ISO string or ms epoch); emulators ask kit.tokenExpired(issuedAt). */
  tokenExpiresAt?: string | number;
  /** Serve the previous page again, once per listing (see EmulatorKit.pageFaults). */
  duplicatePage?: boolean;
  /** Pages after the first start this many items earlier, so items repeat (see EmulatorKit.pageFaults). */
  shiftPages?: number;
  /** After this many pages have been served in a listing, the emulator's own `mutate` hooks change records (records changed while a sync pages through them). */
  changeAfterPages?: number;
}

type Kind = 'count' | 'ratio' | 'boolean' | 'moment';

const KINDS: Record<keyof FaultOptions, Kind> = {
  rateLimitAfter: 'count',
  rateLimitCalls: 'count',
  errorRatio: 'ratio',
  errorBurst: 'count',
  latencyMs: 'count',
  tokenExpiresAt: 'moment',
  duplicatePage: 'boolean',
  shiftPages: 'count',
  changeAfterPages: 'count',
};

/** The names every fault spec may use, in a stable order (for messages and help text). */
export const FAULT_NAMES = Object.keys(KINDS) as (keyof FaultOptions)[];

function isFaultName(name: string): name is keyof FaultOptions {
  return Object.hasOwn(KINDS, name);
}

function unknown(name: string): Error {
  return new Error(`unknown fault "${name}"; known faults: ${FAULT_NAMES.join(', ')}`);
}

/** Checks one value that came as JSON (or was already parsed from text) and returns it typed. */
function checkValue(name: keyof FaultOptions, value: unknown): FaultOptions[keyof FaultOptions] {
  const kind = KINDS[name];
  switch (kind) {
    case 'count':
      if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
        throw new Error(`fault ${name} must be a number >= 0, got ${JSON.stringify(value)}`);
      }
      return value;
    case 'ratio':
      if (typeof value !== 'number' || !(value >= 0 && value <= 1)) {
        throw new Error(`fault ${name} must be a number between 0 and 1, got ${JSON.stringify(value)}`);
      }
      return value;
    case 'boolean':
      if (typeof value !== 'boolean') throw new Error(`fault ${name} must be true or false, got ${JSON.stringify(value)}`);
      return value;
    case 'moment':
      if (typeof value === 'number' && Number.isFinite(value)) return value;
      if (typeof value === 'string' && !Number.isNaN(Date.parse(value))) return value;
      throw new Error(`fault ${name} must be an ISO date-time or a ms epoch, got ${JSON.stringify(value)}`);
  }
}

/**
 * Merges a patch into faults: every key must be a known fault with a valid value; `null`
 * deletes the key. Returns a new object; throws an Error naming the bad key.
 */
export function mergeFaults(current: FaultOptions, patch: unknown): FaultOptions {
  if (patch === null || typeof patch !== 'object' || Array.isArray(patch)) {
    throw new Error('faults must be a JSON object such as {"errorBurst": 3}');
  }
  const next: Record<string, unknown> = { ...current };
  for (const [name, value] of Object.entries(patch)) {
    if (!isFaultName(name)) throw unknown(name);
    if (value === null || value === undefined) delete next[name];
    else next[name] = checkValue(name, value);
  }
  return next as FaultOptions;
}

function parseText(name: keyof FaultOptions, text: string): unknown {
  const kind = KINDS[name];
  if (kind === 'boolean') {
    if (text === '' || text === 'true' || text === '1' || text === 'yes') return true;
    if (text === 'false' || text === '0' || text === 'no') return false;
    return text;
  }
  if (kind === 'moment') return /^\d+$/.test(text) ? Number(text) : text;
  return text === '' ? text : Number(text);
}

/**
 * Parses a fault spec from the command line: comma-separated `name=value` pairs, numbers and
 * booleans parsed (a bare `duplicatePage` means true). Throws an Error naming an unknown fault
 * and listing the known ones, or naming a bad value.
 *
 * @example
 *   parseFaults('rateLimitAfter=10,errorRatio=0.1,latencyMs=50,tokenExpiresAt=2026-01-01T00:00:00Z')
 */
export function parseFaults(spec: string): FaultOptions {
  const patch: Record<string, unknown> = {};
  for (const part of spec.split(',')) {
    const item = part.trim();
    if (item === '') continue;
    const eq = item.indexOf('=');
    const name = (eq < 0 ? item : item.slice(0, eq)).trim();
    const text = eq < 0 ? '' : item.slice(eq + 1).trim();
    if (!isFaultName(name)) throw unknown(name);
    patch[name] = parseText(name, text);
  }
  return mergeFaults({}, patch);
}

/** The moment (ms epoch) tokens expire at, or undefined when the fault is not set. */
export function expiryMoment(faults: FaultOptions): number | undefined {
  const at = faults.tokenExpiresAt;
  if (at === undefined) return undefined;
  const ms = typeof at === 'number' ? at : Date.parse(at);
  return Number.isNaN(ms) ? undefined : ms;
}
