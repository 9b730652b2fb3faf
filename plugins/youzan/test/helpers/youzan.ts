import type { DataRecord, SourceStream } from '@datong/sdk';
import { testContext, type TestContext } from '@datong/sdk/testing';
import { startEmulator, type RunningYouzanEmulator, type YouzanEmulatorOptions } from '../../emulator/index.js';
import plugin from '../../src/index.js';

interface Teardown {
  teardown(fn: () => unknown): void;
}

/** Starts an emulator (small: 40 orders) for one test; it closes when the test ends. */
export async function emulator(t: Teardown, options: YouzanEmulatorOptions = {}): Promise<RunningYouzanEmulator> {
  const emu = await startEmulator({ orders: 40, ...options });
  t.teardown(() => emu.close());
  return emu;
}

/** A config reaching `emu`: a 35-day start, short throttle waits. */
export function configFor(emu: RunningYouzanEmulator, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const { clientId, clientSecret, grantId } = emu.credentials;
  return {
    clientId, clientSecret, grantId, baseUrl: emu.url,
    startDate: new Date(emu.kit.now() - 35 * 86_400_000).toISOString(),
    windowHours: 240,
    lagSeconds: 0,
    throttleWaitMs: 20,
    ...extra,
  };
}

export async function openStream(config: Record<string, unknown>, name: 'orders' | 'refunds' | 'customers', ctx: TestContext = testContext()): Promise<{ stream: SourceStream; ctx: TestContext }> {
  const connection = await plugin.source!.open(config, ctx);
  const stream = (await connection.streams()).find((s) => s.spec.name === name);
  if (!stream) throw new Error(`no stream ${name}`);
  return { stream, ctx };
}

export interface ReadResult {
  records: DataRecord[];
  invalid: { invalid: string; code?: string }[];
  state: unknown;
}

export async function readAll(
  stream: SourceStream,
  ctx: TestContext,
  options: { state?: unknown; batchSize?: number; stopAfter?: number; onBatch?: (index: number) => void | Promise<void> } = {},
): Promise<ReadResult> {
  const result: ReadResult = { records: [], invalid: [], state: options.state };
  let index = 0;
  for await (const batch of stream.read({ state: options.state, batchSize: options.batchSize ?? 25, fullRefresh: false }, ctx)) {
    for (const item of batch.items) {
      if ('record' in item) result.records.push(item.record);
      else result.invalid.push({ invalid: item.invalid, code: item.code });
    }
    result.state = batch.state;
    await options.onBatch?.(index);
    index += 1;
    if (options.stopAfter !== undefined && index >= options.stopAfter) break;
  }
  return result;
}

/** China time text of a ms moment, as the emulator's store keeps it, in ISO +08:00. */
export function isoChina(ms: number): string {
  return `${new Date(ms + 8 * 3600_000).toISOString().slice(0, 19)}+08:00`;
}

/** tid → latest updated_at the emulator holds. */
export function expectedOrders(emu: RunningYouzanEmulator): Map<string, string> {
  return new Map(emu.store.orders.map((o) => [o.tid, isoChina(o.updatedAt)]));
}

/** The latest updated_at read per tid over several reads. */
export function latest(...reads: DataRecord[][]): Map<string, string> {
  const out = new Map<string, string>();
  for (const records of reads) {
    for (const r of records) {
      const known = out.get(String(r.tid));
      if (known === undefined || Date.parse(String(r.updated_at)) >= Date.parse(known)) out.set(String(r.tid), String(r.updated_at));
    }
  }
  return out;
}
