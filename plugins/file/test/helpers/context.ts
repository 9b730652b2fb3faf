import { createPluginContext, type DataRecord, type PluginContext, type SourceBatch, type SourceItem, type SourceStream } from '@datong/sdk';
import { fileSource } from '../../src/file-source.js';
import type { FileStreamConfig } from '../../src/generated/source-config.js';

export interface LoggedMessage {
  level: 'debug' | 'info' | 'warn' | 'error';
  message: string;
}

/** A plugin context for tests: messages are collected, faults counted, the signal abortable. */
export interface TestContext extends PluginContext {
  messages: LoggedMessage[];
  faults: string[];
  controller: AbortController;
}

export function testContext(baseDir: string): TestContext {
  const messages: LoggedMessage[] = [];
  const faults: string[] = [];
  const controller = new AbortController();
  const log = (level: LoggedMessage['level']) => (message: string) => void messages.push({ level, message });
  return {
    messages,
    faults,
    controller,
    ...createPluginContext({
      baseDir,
      signal: controller.signal,
      logger: { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') },
      fault: (point) => void faults.push(point),
    }),
  };
}

/** Opens the file source with one stream named `name` and returns that stream. */
export async function openStream(ctx: PluginContext, config: FileStreamConfig, name = 'orders'): Promise<SourceStream> {
  const connection = await fileSource.open({ streams: { [name]: config } }, ctx);
  const [stream] = await connection.streams();
  if (stream === undefined) throw new Error('no stream');
  return stream;
}

/** Every batch of one read. */
export async function readBatches(
  stream: SourceStream,
  ctx: PluginContext,
  options: { state?: unknown; batchSize?: number; fullRefresh?: boolean } = {},
): Promise<SourceBatch[]> {
  const batches: SourceBatch[] = [];
  for await (const batch of stream.read({ state: options.state, batchSize: options.batchSize ?? 100, fullRefresh: options.fullRefresh ?? false }, ctx)) {
    batches.push(batch);
  }
  return batches;
}

export function itemsOf(batches: SourceBatch[]): SourceItem[] {
  return batches.flatMap((batch) => batch.items);
}

export function recordsOf(batches: SourceBatch[]): DataRecord[] {
  return itemsOf(batches).flatMap((item) => ('record' in item ? [item.record] : []));
}

export function invalidOf(batches: SourceBatch[]): { invalid: string; raw?: string; at?: string }[] {
  return itemsOf(batches).flatMap((item) => ('invalid' in item ? [item] : []));
}

/** The state a run leaves behind: the last batch's. */
export function finalState(batches: SourceBatch[]): unknown {
  return batches.at(-1)?.state;
}
