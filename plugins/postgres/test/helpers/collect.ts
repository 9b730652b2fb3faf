import type { SourceBatch, SourceStream, PluginContext, ReadOptions } from '@datong/sdk';

/** Every batch a stream yields for one read. */
export async function collect(
  stream: SourceStream,
  options: Partial<ReadOptions>,
  ctx: PluginContext,
): Promise<SourceBatch[]> {
  const batches: SourceBatch[] = [];
  const read = { state: undefined, batchSize: 100, fullRefresh: false, ...options };
  for await (const batch of stream.read(read, ctx)) batches.push(batch);
  return batches;
}

/** The records of the batches, in order. */
export function records(batches: readonly SourceBatch[]): Record<string, unknown>[] {
  return batches.flatMap((b) => b.items.flatMap((item) => ('record' in item ? [item.record] : [])));
}
