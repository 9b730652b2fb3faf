import type { DataRecord } from '@datong/sdk';
import { latestVersions as latestVersionsOf, openSourceStream, type TestContext } from '@datong/sdk/testing';
import { startEmulator, type RunningWooEmulator, type WooEmulatorOptions } from '../../emulator/index.js';
import plugin from '../../src/index.js';

/** Anything with a teardown: a tap test. */
interface Teardown {
  teardown(fn: () => unknown): void;
}

/** Starts an emulator for one test (small by default); it closes when the test ends. */
export async function emulator(t: Teardown, options: WooEmulatorOptions = {}): Promise<RunningWooEmulator> {
  const emu = await startEmulator({ orders: 60, customers: 20, ...options });
  t.teardown(() => emu.close());
  return emu;
}

/** A config reaching `emu` with its keys; windows end at now (lag 0) so a test sees its own changes. */
export function configFor(emu: RunningWooEmulator, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { storeUrl: emu.url, consumerKey: emu.credentials.consumerKey, consumerSecret: emu.credentials.consumerSecret, lagSeconds: 0, ...extra };
}

export type StreamName = 'orders' | 'customers' | 'refunds';

/** Opens the source and returns one of its streams. */
export const openStream = (config: Record<string, unknown>, name: StreamName, ctx?: TestContext) => openSourceStream(plugin, config, name, ctx);

export { compareVersions, readAll, type ReadResult } from '@datong/sdk/testing';

/** A moment as ISO 8601 in UTC, whole seconds: how the plugin writes updated_at. */
export const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

/** Every record the emulator holds for a stream: id → its latest cursor value. */
export function expectedVersions(emu: RunningWooEmulator, stream: StreamName): Map<string, string> {
  if (stream === 'orders') return new Map(emu.store.orders.map((o) => [String(o.id), iso(o.modifiedMs)]));
  if (stream === 'customers') return new Map(emu.store.customers.map((c) => [String(c.id), iso(c.modifiedMs)]));
  return new Map(emu.store.refunds().map((r) => [String(r.id), iso(r.createdMs)]));
}

/** The latest version read of each record over several reads, by `cursor`. */
export function latestVersions(cursor: string, ...reads: DataRecord[][]): Map<string, string> {
  return latestVersionsOf(reads, { version: cursor });
}

/** Waits until the clock has passed into the next whole second: WooCommerce times are whole seconds. */
export async function nextSecond(): Promise<void> {
  const wait = 1000 - (Date.now() % 1000) + 5;
  await new Promise((resolve) => setTimeout(resolve, wait));
}

/** The JSON of an emulator answer, loosely typed for assertions. */
export async function body(response: Response | Promise<Response>): Promise<any> {
  return (await response).json();
}
