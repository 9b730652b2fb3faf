import type { PluginContext, SourceBatch, SourceStream } from '@datong/sdk';
import { MAX_PAGE_SIZE, type __PASCAL__Client } from '../client.js';
import { contractSchema } from '../contract-schema.js';

/**
 * What a read hands the engine to resume from, batch by batch: the newest `updated_at` among the
 * records settled so far. The engine stores it and gives it back; only this file reads it.
 */
export interface ItemsState {
  updatedSince?: string;
}

/**
 * The `items` stream: every item, then on later runs only those changed since the last one. The
 * API lists items oldest change first with a cursor, so each page's newest `updated_at` is a safe
 * place to resume: `updated_since` is inclusive, so items sharing that instant are read again
 * (harmless, the engine skips unchanged records) rather than missed. An item changed while the
 * read pages through the listing moves to its end and is read there.
 */
export function itemsStream(client: __PASCAL__Client): SourceStream {
  return {
    spec: { name: 'items', schema: contractSchema('items.schema.json'), key: ['id'], cursorField: 'updated_at' },
    read: (options, ctx) => readItems(client, options.fullRefresh ? {} : resumeFrom(options.state, ctx), options.batchSize, ctx),
  };
}

async function* readItems(client: __PASCAL__Client, state: ItemsState, batchSize: number, ctx: PluginContext): AsyncGenerator<SourceBatch> {
  const since = state.updatedSince;
  let newest = since;
  let cursor: string | undefined;
  let done = 0;
  do {
    // One page per batch: the engine settles each batch before the next page is asked for.
    const page = await client.listItems({ updatedSince: since, cursor, limit: Math.min(batchSize, MAX_PAGE_SIZE) });
    ctx.fault('while-reading');
    for (const item of page.items) if (newest === undefined || Date.parse(item.updated_at) > Date.parse(newest)) newest = item.updated_at;
    done += page.items.length;
    yield {
      items: page.items.map((record) => ({ record: { ...record }, at: `items/${record.id}` })),
      state: newest === undefined ? {} : { updatedSince: newest },
      progress: { done, unit: 'records' },
    };
    cursor = page.nextCursor;
  } while (cursor !== undefined);
}

function resumeFrom(state: unknown, ctx: PluginContext): ItemsState {
  if (state === undefined || state === null) return {};
  const since = typeof state === 'object' ? (state as ItemsState).updatedSince : state;
  if (since === undefined) return {};
  if (typeof since === 'string' && !Number.isNaN(Date.parse(since))) return { updatedSince: since };
  // A state this version cannot read (another version wrote it): reading everything again is safe.
  ctx.logger.warn('items: the saved state is unreadable, so every item is read again', { state });
  return {};
}
