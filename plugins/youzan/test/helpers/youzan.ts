import type { DataRecord } from '@datong/sdk';
import { latestVersions as latestVersionsOf, openSourceStream, type TestContext } from '@datong/sdk/testing';
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

/** Opens the source and returns one of its streams. */
export const openStream = (config: Record<string, unknown>, name: 'orders' | 'refunds' | 'customers', ctx?: TestContext) => openSourceStream(plugin, config, name, ctx);

export { readAll, type ReadResult } from '@datong/sdk/testing';

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
  return latestVersionsOf(reads, { key: 'tid' });
}
