import type { DataRecord, Plugin, SourceStream } from '../plugin.js';
import { testContext, type TestContext } from './test-context.js';

/** What one `readAll` yielded, batch by batch. */
export interface ReadResult {
  records: DataRecord[];
  /** The items that came as `{ invalid }` (dead letters), with their code when the source gave one. */
  invalid: { invalid: string; code?: string }[];
  /** Each batch's state, in order, after a trip through JSON: what the store would keep. */
  states: unknown[];
  /** The last batch's state (as in `states`), or the `state` the read began from when no batch came. */
  state: unknown;
}

/** How `readAll` reads. */
export interface ReadAllOptions {
  /** The saved state to begin from, as the engine would hand it back; undefined for a first run. */
  state?: unknown;
  /** The most items a batch may hold; 25 unless told. */
  batchSize?: number;
  /** Stops after this many batches, as a run that crashed (or was cancelled) there would. */
  stopAfter?: number;
  /** Reads as a full refresh (the source ignores `state`); false unless told. */
  fullRefresh?: boolean;
  /**
   * Runs after each batch (numbered from 0) is taken in, before the next is asked for, and also
   * after the batch `stopAfter` stops at: to change the emulator's data in the middle of a read.
   */
  onBatch?: (index: number) => void | Promise<void>;
}

/**
 * Opens a plugin's source with `config` and returns its stream `name`, with the context it was
 * opened in (a fresh `testContext()` unless one is handed in: hand one in to look at its messages
 * or to share its state between runs). For a plugin's own tests of its streams, beside the contract.
 *
 * @example
 *   const { stream, ctx } = await openSourceStream(plugin, configFor(emu), 'orders');
 *   const run = await readAll(stream, ctx);
 */
export async function openSourceStream(
  plugin: Plugin,
  config: Record<string, unknown>,
  name: string,
  ctx: TestContext = testContext(),
): Promise<{ stream: SourceStream; ctx: TestContext }> {
  if (!plugin.source) throw new Error('the plugin has no source');
  const connection = await plugin.source.open(config, ctx);
  const stream = (await connection.streams()).find((s) => s.spec.name === name);
  if (!stream) throw new Error(`no stream ${name}`);
  return { stream, ctx };
}

/**
 * Reads a stream to its end (or until `stopAfter` batches), from `state`, and collects what came:
 * the records, the dead letters and every batch's state. States make a trip through JSON as the
 * store would give them back, so a run resumed from `result.state` starts where the engine's would.
 * Unlike the contract's reads it checks nothing: for a plugin's own tests of its paging, cursors
 * and resumes (a run cut with `stopAfter`, then one from its state).
 *
 * @example
 *   const cut = await readAll(stream, ctx, { batchSize: 4, stopAfter: 2 });
 *   const resumed = await readAll(stream, ctx, { state: cut.state });
 *   t.same(resumed.invalid, []);
 */
export async function readAll(stream: SourceStream, ctx: TestContext, options: ReadAllOptions = {}): Promise<ReadResult> {
  const result: ReadResult = { records: [], invalid: [], states: [], state: options.state };
  let index = 0;
  for await (const batch of stream.read({ state: options.state, batchSize: options.batchSize ?? 25, fullRefresh: options.fullRefresh ?? false }, ctx)) {
    for (const item of batch.items) {
      if ('record' in item) result.records.push(item.record);
      else result.invalid.push({ invalid: item.invalid, ...(item.code === undefined ? {} : { code: item.code }) });
    }
    const state = batch.state === undefined ? undefined : (JSON.parse(JSON.stringify(batch.state)) as unknown);
    result.states.push(state);
    result.state = state;
    await options.onBatch?.(index);
    index += 1;
    if (options.stopAfter !== undefined && index >= options.stopAfter) break;
  }
  return result;
}
