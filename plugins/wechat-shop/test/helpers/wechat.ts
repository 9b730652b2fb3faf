import type { DataRecord } from '@datong/sdk';
import { latestVersions as latestVersionsOf, openSourceStream, type TestContext } from '@datong/sdk/testing';
import { startEmulator, type RunningWechatEmulator, type WechatEmulatorOptions } from '../../emulator/index.js';
import plugin from '../../src/index.js';

/** Anything with a teardown: a tap test. */
interface Teardown {
  teardown(fn: () => unknown): void;
}

/**
 * The emulator's clock runs five seconds behind the plugin's, as a real gateway's may: what it
 * changes "now" is already older than the one-second lag the plugin leaves at a window's end.
 */
export const SKEWED = { now: () => Date.now() - 5000 };

/** Starts an emulator for one test; it closes when the test ends. */
export async function emulator(t: Teardown, options: WechatEmulatorOptions = {}): Promise<RunningWechatEmulator> {
  const emu = await startEmulator({ ...SKEWED, orders: 40, ...options });
  t.teardown(() => emu.close());
  return emu;
}

/** A config reaching `emu` with its AppID and AppSecret. */
export function configFor(emu: RunningWechatEmulator, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { appId: emu.credentials.appId, appSecret: emu.credentials.appSecret, baseUrl: emu.url, ...extra };
}

/** Opens the source and returns one of its streams. */
export const openStream = (config: Record<string, unknown>, name: 'orders' | 'aftersales', ctx?: TestContext) => openSourceStream(plugin, config, name, ctx);

export { compareVersions, readAll, type ReadResult } from '@datong/sdk/testing';

const iso = (seconds: number) => new Date(seconds * 1000).toISOString();

/** Every order the emulator holds: id → its latest update time (ISO). */
export function expectedOrders(emu: RunningWechatEmulator): Map<string, string> {
  return new Map(emu.store.orders.map((o) => [o.orderId, iso(o.updateTime)]));
}

/** The latest version read of each record over several reads, by updated_at. */
export function latestVersions(key: string, ...reads: DataRecord[][]): Map<string, string> {
  return latestVersionsOf(reads, { key });
}

/** The platform calls of one path the emulator answered. */
export function calls(emu: RunningWechatEmulator, path: string) {
  return emu.kit.requests.filter((r) => r.path === path);
}
