import { RecordError, type DataRecord, type SourceBatch, type SourceItem } from '@datong/sdk';

/**
 * What a stream read by `updatedAt` persists. `watermark` is the latest `updatedAt` of the last
 * pass that ran to its end: everything updated before it has been delivered. `pass` is a pass
 * still under way (a crash or a stop mid-pagination): the next run resumes it at `after`, the end
 * cursor of its last fully settled page, with the same search, so the watermark only moves once a
 * pagination has completed.
 */
export interface UpdatedAtState {
  watermark?: string;
  pass?: { since?: string; after?: string; maxSeen?: string };
}

/** One page of a connection. */
export interface Page<N> {
  nodes: N[];
  hasNextPage: boolean;
  endCursor: string | null;
}

export interface UpdatedAtReadOptions<N> {
  state: unknown;
  fullRefresh: boolean;
  batchSize: number;
  overlapSeconds: number;
  /** The search matches whole days (customers): filter by date, and rely on de-duplication. */
  wholeDays: boolean;
  /** One page sorted by UPDATED_AT ascending, filtered by `search` (undefined: everything). */
  fetchPage(search: string | undefined, after: string | undefined): Promise<Page<N>>;
  /** The record of a node; a `RecordError` makes it an invalid item (dead-lettered, the run goes on). */
  toRecord(node: N): Promise<DataRecord>;
  id(node: N): string;
  updatedAt(node: N): string;
}

/**
 * Reads a connection sorted by `updatedAt` as batches, incrementally: from `overlapSeconds` below
 * the last watermark (`updated_at:>='…'`), skipping records this run already delivered with the
 * same id and `updatedAt` (overlap, duplicated or shifted pages). A record changed mid-pass moves
 * to the end of the sort and is read again with its new `updatedAt`, so every record's latest
 * version arrives in this pass or the next.
 */
export async function* readByUpdatedAt<N>(options: UpdatedAtReadOptions<N>): AsyncGenerator<SourceBatch> {
  const previous = options.fullRefresh ? {} : parseState(options.state);
  const pass = previous.pass ?? { since: previous.watermark ? since(previous.watermark, options) : undefined };
  const search = pass.since === undefined ? undefined : `updated_at:>='${pass.since}'`;
  const delivered = new Set<string>();
  let after = pass.after;
  let maxSeen = pass.maxSeen;
  let done = 0;
  for (;;) {
    const page = await options.fetchPage(search, after);
    const items: SourceItem[] = [];
    for (const node of page.nodes) {
      const updatedAt = options.updatedAt(node);
      const key = `${options.id(node)}@${updatedAt}`;
      if (delivered.has(key)) continue;
      delivered.add(key);
      if (maxSeen === undefined || later(updatedAt, maxSeen)) maxSeen = updatedAt;
      items.push(await item(node, options));
    }
    const finished = !page.hasNextPage || page.endCursor === null;
    const chunks = chunk(items, options.batchSize);
    for (const [i, items] of chunks.entries()) {
      const lastOfPage = i === chunks.length - 1;
      done += items.length;
      const state: UpdatedAtState = lastOfPage && finished
        ? { watermark: latest(previous.watermark, maxSeen) }
        // Until the page's last batch is settled, a resume re-reads the whole page.
        : { watermark: previous.watermark, pass: { since: pass.since, after: lastOfPage ? page.endCursor ?? undefined : after, maxSeen } };
      yield { items, state: clean(state), progress: { done, unit: 'records' } };
    }
    if (finished) return;
    after = page.endCursor ?? undefined;
  }
}

async function item<N>(node: N, options: UpdatedAtReadOptions<N>): Promise<SourceItem> {
  try {
    return { record: await options.toRecord(node) };
  } catch (error) {
    if (!(error instanceof RecordError)) throw error;
    return { invalid: `${options.id(node)}: ${error.message}`, raw: JSON.stringify(node), code: error.code };
  }
}

/** The lower bound of a new pass: the watermark less the overlap, a date when the search matches days. */
function since(watermark: string, options: { overlapSeconds: number; wholeDays: boolean }): string {
  const moment = new Date(Date.parse(watermark) - options.overlapSeconds * 1000).toISOString();
  return options.wholeDays ? moment.slice(0, 10) : moment.replace(/\.\d{3}Z$/, 'Z');
}

function later(a: string, b: string): boolean {
  return Date.parse(a) > Date.parse(b);
}

function latest(a: string | undefined, b: string | undefined): string | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return later(b, a) ? b : a;
}

function chunk<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += Math.max(1, size)) out.push(items.slice(i, i + Math.max(1, size)));
  return out.length > 0 ? out : [[]];
}

/** A state without undefined members, as it will look after a JSON round trip through the store. */
function clean(state: UpdatedAtState): UpdatedAtState {
  return JSON.parse(JSON.stringify(state)) as UpdatedAtState;
}

/** The saved state, or a fresh start when there is none or it is not ours. */
function parseState(state: unknown): UpdatedAtState {
  if (typeof state !== 'object' || state === null) return {};
  const s = state as Record<string, unknown>;
  const text = (v: unknown) => (typeof v === 'string' && v !== '' ? v : undefined);
  const out: UpdatedAtState = { watermark: text(s.watermark) };
  if (typeof s.pass === 'object' && s.pass !== null) {
    const p = s.pass as Record<string, unknown>;
    out.pass = { since: text(p.since), after: text(p.after), maxSeen: text(p.maxSeen) };
  }
  return out;
}
