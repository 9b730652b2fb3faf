import type { DataRecord } from '@datong/sdk';
import { openSourceStream, type TestContext } from '@datong/sdk/testing';
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

export { readAll, type ReadResult } from '@datong/sdk/testing';

const iso = (seconds: number) => new Date(seconds * 1000).toISOString();

/** Every order the emulator holds: id → its latest update time (ISO). */
export function expectedOrders(emu: RunningWechatEmulator): Map<string, string> {
  return new Map(emu.store.orders.map((o) => [o.orderId, iso(o.updateTime)]));
}

/** The latest version read of each record over several reads, by updated_at. */
export function latestVersions(key: string, ...reads: DataRecord[][]): Map<string, string> {
  const latest = new Map<string, string>();
  for (const records of reads) {
    for (const r of records) {
      const id = String(r[key]);
      const at = new Date(Date.parse(String(r.updated_at))).toISOString();
      const known = latest.get(id);
      if (known === undefined || Date.parse(at) >= Date.parse(known)) latest.set(id, at);
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

/** The platform calls of one path the emulator answered. */
export function calls(emu: RunningWechatEmulator, path: string) {
  return emu.kit.requests.filter((r) => r.path === path);
}
