import type { DataRecord } from '@datong/sdk';
import { latestVersions as latestVersionsOf, openSourceStream, type TestContext } from '@datong/sdk/testing';
import { startEmulator, type RunningTaobaoEmulator, type TaobaoEmulatorOptions } from '../../emulator/index.js';
import plugin from '../../src/index.js';

/** Anything with a teardown: a tap test. */
interface Teardown {
  teardown(fn: () => unknown): void;
}

const DAY = 86_400_000;

/** Starts an emulator for one test; it closes when the test ends. */
export async function emulator(t: Teardown, options: TaobaoEmulatorOptions = {}): Promise<RunningTaobaoEmulator> {
  const emu = await startEmulator({ orders: 60, ...options });
  t.teardown(() => emu.close());
  return emu;
}

/**
 * A config reaching `emu` with its session: read from four days back (the emulator seeds three)
 * in one-day windows, so a read takes a handful of calls; windows end a second before now.
 */
export function configFor(emu: RunningTaobaoEmulator, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const { appKey, appSecret, session } = emu.credentials;
  return {
    appKey, appSecret, session, baseUrl: emu.url, oauthBaseUrl: emu.url,
    startDate: new Date(Date.now() - 4 * DAY).toISOString(), windowMinutes: 1440, lagSeconds: 1, ...extra,
  };
}

/** Opens the source and returns one of its streams. */
export const openStream = (config: Record<string, unknown>, name: 'orders' | 'refunds', ctx?: TestContext) => openSourceStream(plugin, config, name, ctx);

export { compareVersions, readAll, type ReadResult } from '@datong/sdk/testing';

/** TOP time (GMT+8) → ISO with +08:00, the emulator's way round. */
export function isoOf(ms: number): string {
  return `${new Date(ms + 8 * 3_600_000).toISOString().slice(0, 19)}+08:00`;
}

/** Every trade the emulator holds: tid → its latest updated_at. */
export function expectedOrders(emu: RunningTaobaoEmulator): Map<string, string> {
  return new Map(emu.store.trades.map((t) => [String(t.tid), isoOf(t.modified)]));
}

/** The latest version read of each record over several reads. */
export function latestVersions(key: string, ...reads: DataRecord[][]): Map<string, string> {
  return latestVersionsOf(reads, { key });
}

/**
 * An emulator clock two seconds behind ours: changes it stamps "now" already lie inside the next
 * run's windows (which end lagSeconds before our now), so a test need not wait for them. Only for
 * changes made between runs: during a scan, changes must land after the window's end, as they do
 * on a platform whose clock agrees with ours.
 */
export const BEHIND = (): number => Date.now() - 2000;

/** Waits, so that changes stamped "now" fall inside the next run's windows (which end lagSeconds before now). */
export function settle(ms = 1100): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
