import type { DataRecord } from '@datong/sdk';
import { latestVersions as latestVersionsOf, openSourceStream, type TestContext } from '@datong/sdk/testing';
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
export const openStream = (config: Record<string, unknown>, name: 'customers' | 'orders', ctx?: TestContext) => openSourceStream(plugin, config, name, ctx);

export { compareVersions, readAll, type ReadResult } from '@datong/sdk/testing';

const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

/** Every record the emulator holds for a stream: GID → its latest updated_at. */
export function expectedVersions(emu: RunningShopifyEmulator, stream: 'customers' | 'orders'): Map<string, string> {
  return stream === 'orders'
    ? new Map(emu.store.orders.map((o) => [`gid://shopify/Order/${o.id}`, iso(o.updatedAt)]))
    : new Map(emu.store.customers.map((c) => [`gid://shopify/Customer/${c.id}`, iso(c.updatedAt)]));
}

/** The latest version read of each record over several reads, by updated_at. */
export function latestVersions(...reads: DataRecord[][]): Map<string, string> {
  return latestVersionsOf(reads);
}

/** The calls the emulator answered with a throttle: its own THROTTLED and the kit's rate-limit fault. */
export function throttledCalls(emu: RunningShopifyEmulator): number {
  return emu.kit.requests.filter((r) => /throttled|rate-limit/.test(r.fault ?? '')).length;
}
