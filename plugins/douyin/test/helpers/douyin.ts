import type { DataRecord } from '@datong/sdk';
import { openSourceStream, type TestContext } from '@datong/sdk/testing';
import { startEmulator, type DouyinEmulatorOptions, type RunningDouyinEmulator } from '../../emulator/index.js';
import plugin from '../../src/index.js';

/** Anything with a teardown: a tap test. */
interface Teardown {
  teardown(fn: () => unknown): void;
}

/** Starts an emulator for one test (small shop unless told); it closes when the test ends. */
export async function emulator(t: Teardown, options: DouyinEmulatorOptions = {}): Promise<RunningDouyinEmulator> {
  const emu = await startEmulator({ orders: 40, ...options });
  t.teardown(() => emu.close());
  return emu;
}

/** A config reaching `emu`: its credentials, a start a little over a week back, no lag (tests read right after changing). */
export function configFor(emu: RunningDouyinEmulator, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const { appKey, appSecret, accessToken, refreshToken } = emu.credentials;
  return {
    appKey, appSecret, accessToken, refreshToken, baseUrl: emu.url,
    startDate: new Date(Date.now() - 8 * 86_400_000).toISOString(),
    lagSeconds: 0,
    ...extra,
  };
}

/** Opens the source and returns one of its streams. */
export const openStream = (config: Record<string, unknown>, name: 'orders' | 'after_sales', ctx?: TestContext) => openSourceStream(plugin, config, name, ctx);

export { readAll, type ReadResult } from '@datong/sdk/testing';

/** Every order the emulator holds: order id → update_time (s). */
export function expectedOrders(emu: RunningDouyinEmulator): Map<string, number> {
  return new Map(emu.store.orders.map((o) => [o.order_id, o.update_time]));
}

/** The latest update_time read of each order over several reads. */
export function latestRead(...reads: DataRecord[][]): Map<string, number> {
  const latest = new Map<string, number>();
  for (const records of reads) {
    for (const r of records) {
      const id = String(r.order_id);
      const at = Number(r.update_time);
      if ((latest.get(id) ?? -1) <= at) latest.set(id, at);
    }
  }
  return latest;
}

/** Orders never read, and orders whose latest version read is older than the emulator's. */
export function compare(read: Map<string, number>, expected: Map<string, number>): { missing: string[]; stale: string[] } {
  return {
    missing: [...expected.keys()].filter((k) => !read.has(k)),
    stale: [...expected].filter(([k, v]) => read.has(k) && read.get(k) !== v).map(([k]) => k),
  };
}

/** The business params of each order.searchList call the emulator logged. */
export function searchCalls(emu: RunningDouyinEmulator): Record<string, unknown>[] {
  return emu.kit.requests
    .filter((r) => r.query.method === 'order.searchList')
    .map((r) => (typeof r.body === 'object' && r.body !== null ? (r.body as Record<string, unknown>) : {}));
}
