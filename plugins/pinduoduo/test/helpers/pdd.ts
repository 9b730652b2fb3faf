import type { DataRecord, SourceStream } from '@datong/sdk';
import { latestVersions as latestVersionsOf, openSourceStream, readAll as readStreamToEnd, type ReadAllOptions, type ReadResult, type TestContext } from '@datong/sdk/testing';
import { startEmulator, type PinduoduoEmulatorOptions, type RunningPinduoduoEmulator } from '../../emulator/index.js';
import plugin from '../../src/index.js';

/** Anything with a teardown: a tap test. */
interface Teardown {
  teardown(fn: () => unknown): void;
}

/** Starts an emulator for one test (small mall by default); it closes when the test ends. */
export async function emulator(t: Teardown, options: PinduoduoEmulatorOptions = {}): Promise<RunningPinduoduoEmulator> {
  const emu = await startEmulator({ orders: 60, days: 0.25, ...options });
  t.teardown(() => emu.close());
  return emu;
}

/**
 * A config reaching `emu`: its credentials, a start seven hours back (the test mall's orders are
 * at most six hours old), no lag (so the emulator's mutations are read at once) and short throttle waits.
 */
export function configFor(emu: RunningPinduoduoEmulator, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const { baseUrl, clientId, clientSecret, accessToken } = emu.credentials;
  return {
    baseUrl, clientId, clientSecret, accessToken,
    startDate: new Date(emu.kit.now() - 7 * 3_600_000).toISOString(),
    lagSeconds: 0,
    callsPerSecond: 10_000,
    throttleWaitSeconds: 0.2,
    ...extra,
  };
}

/** Opens the source and returns one of its streams. */
export const openStream = (config: Record<string, unknown>, name: 'orders' | 'refunds', ctx?: TestContext) => openSourceStream(plugin, config, name, ctx);

export type { ReadResult };
export { compareVersions } from '@datong/sdk/testing';

/** The SDK's `readAll`, in batches of 50 unless told. */
export const readAll = (stream: SourceStream, ctx: TestContext, options: ReadAllOptions = {}): Promise<ReadResult> =>
  readStreamToEnd(stream, ctx, { ...options, batchSize: options.batchSize ?? 50 });

/** PDD's time text as the plugin writes it: ISO at +08:00. */
export function isoBeijing(ms: number): string {
  return `${new Date(Math.floor(ms / 1000) * 1000 + 8 * 3_600_000).toISOString().slice(0, 19)}+08:00`;
}

/** Every order the emulator holds: order_sn → updated_at as the plugin writes it. */
export function expectedOrders(emu: RunningPinduoduoEmulator): Map<string, string> {
  return new Map(emu.store.orders.map((o) => [o.orderSn, isoBeijing(o.updatedAt)]));
}

/** The latest updated_at read per key, over several reads. */
export function latestVersions(key: string, ...reads: DataRecord[][]): Map<string, string> {
  return latestVersionsOf(reads, { key });
}

/** The platform calls of one API in the emulator's log. */
export function callsOf(emu: RunningPinduoduoEmulator, type: string) {
  return emu.kit.requests.filter((r) => (r.body as Record<string, unknown> | undefined)?.type === type);
}
