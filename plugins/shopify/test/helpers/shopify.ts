import type { DataRecord, SourceStream } from '@datong/sdk';
import { testContext, type TestContext } from '@datong/sdk/testing';
import { startEmulator, type RunningShopifyEmulator, type ShopifyEmulatorOptions } from '../../emulator/index.js';
import plugin from '../../src/index.js';

/** Anything with a teardown: a tap test. */
interface Teardown {
  teardown(fn: () => unknown): void;
}

// Test emulators restore points fast: the cost rules still apply, the suite just does not sleep.
const FAST = { restoreRate: 100_000 };

/** Starts an emulator for one test; it closes when the test ends. */
export async function emulator(t: Teardown, options: ShopifyEmulatorOptions = {}): Promise<RunningShopifyEmulator> {
  const emu = await startEmulator({ ...FAST, ...options });
  t.teardown(() => emu.close());
  return emu;
}

let shops = 0;

/** A config reaching `emu` with its access token; each call names a new shop, so no two share a cost bucket. */
export function configFor(emu: RunningShopifyEmulator, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { shop: `test-shop-${++shops}`, baseUrl: emu.url, accessToken: emu.credentials.accessToken, ...extra };
}

/** A config that must refresh its token: client credentials and the refresh token, no access token. */
export function refreshingConfigFor(emu: RunningShopifyEmulator, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const { clientId, clientSecret, refreshToken } = emu.credentials;
  return { shop: `test-shop-${++shops}`, baseUrl: emu.url, clientId, clientSecret, refreshToken, ...extra };
}

/** Opens the source and returns one of its streams. */
export async function openStream(config: Record<string, unknown>, name: 'customers' | 'orders', ctx: TestContext = testContext()): Promise<{ stream: SourceStream; ctx: TestContext }> {
  const connection = await plugin.source!.open(config, ctx);
  const stream = (await connection.streams()).find((s) => s.spec.name === name);
  if (!stream) throw new Error(`no stream ${name}`);
  return { stream, ctx };
}

/** What one read yielded. */
export interface ReadResult {
  records: DataRecord[];
  invalid: string[];
  states: unknown[];
  state: unknown;
}

/**
 * Reads a stream to its end (or until `stopAfter` batches), from `state`. `onBatch` runs after
 * each batch, before the next is asked for.
 */
export async function readAll(
  stream: SourceStream,
  ctx: TestContext,
  options: { state?: unknown; batchSize?: number; stopAfter?: number; onBatch?: (index: number) => void | Promise<void> } = {},
): Promise<ReadResult> {
  const result: ReadResult = { records: [], invalid: [], states: [], state: options.state };
  let index = 0;
  for await (const batch of stream.read({ state: options.state, batchSize: options.batchSize ?? 25, fullRefresh: false }, ctx)) {
    for (const item of batch.items) {
      if ('record' in item) result.records.push(item.record);
      else result.invalid.push(item.invalid);
    }
    result.states.push(batch.state);
    result.state = batch.state;
    await options.onBatch?.(index);
    index += 1;
    if (options.stopAfter !== undefined && index >= options.stopAfter) break;
  }
  return result;
}

const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

/** Every record the emulator holds for a stream: GID → its latest updated_at. */
export function expectedVersions(emu: RunningShopifyEmulator, stream: 'customers' | 'orders'): Map<string, string> {
  return stream === 'orders'
    ? new Map(emu.store.orders.map((o) => [`gid://shopify/Order/${o.id}`, iso(o.updatedAt)]))
    : new Map(emu.store.customers.map((c) => [`gid://shopify/Customer/${c.id}`, iso(c.updatedAt)]));
}

/** The latest version read of each record over several reads, by updated_at. */
export function latestVersions(...reads: DataRecord[][]): Map<string, string> {
  const latest = new Map<string, string>();
  for (const records of reads) {
    for (const r of records) {
      const known = latest.get(String(r.id));
      if (known === undefined || Date.parse(String(r.updated_at)) >= Date.parse(known)) latest.set(String(r.id), String(r.updated_at));
    }
  }
  return latest;
}

/** Keys the reads missed and keys whose latest version read is older than the emulator's. */
export function compareVersions(read: Map<string, string>, expected: Map<string, string>): { missing: string[]; stale: string[] } {
  const missing = [...expected.keys()].filter((k) => !read.has(k));
  const stale = [...expected].filter(([k, v]) => read.has(k) && Date.parse(read.get(k)!) !== Date.parse(v)).map(([k]) => k);
  return { missing, stale };
}

/** The calls the emulator answered with a throttle: its own THROTTLED and the kit's rate-limit fault. */
export function throttledCalls(emu: RunningShopifyEmulator): number {
  return emu.kit.requests.filter((r) => /throttled|rate-limit/.test(r.fault ?? '')).length;
}
