import type { DataRecord } from '@datong/sdk';
import { latestVersions as latestVersionsOf, openSourceStream, type TestContext } from '@datong/sdk/testing';
import { startEmulator, type JdEmulatorOptions, type RunningJdEmulator } from '../../emulator/index.js';
import plugin from '../../src/index.js';

interface Teardown {
  teardown(fn: () => unknown): void;
}

/** Starts an emulator (40 orders unless told) for one test; it closes when the test ends. */
export async function emulator(t: Teardown, options: JdEmulatorOptions = {}): Promise<RunningJdEmulator> {
  const emu = await startEmulator({ orders: 40, ...options });
  t.teardown(() => emu.close());
  return emu;
}

/** A config reaching `emu`: 12 days back, no lag (the emulator's mutations are visible at once). */
export function configFor(emu: RunningJdEmulator, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const { appKey, appSecret, accessToken, baseUrl } = emu.credentials;
  return { appKey, appSecret, accessToken, baseUrl, startDate: new Date(emu.kit.now() - 12 * 86_400_000).toISOString(), lagSeconds: 0, ...extra };
}

/** Opens the source and returns one of its streams (orders unless told). */
export const openStream = (config: Record<string, unknown>, ctx?: TestContext, name: 'orders' | 'refunds' = 'orders') => openSourceStream(plugin, config, name, ctx);

export { compareVersions, readAll, type ReadResult } from '@datong/sdk/testing';

const iso = (ms: number) => new Date(ms + 8 * 3600_000).toISOString().slice(0, 19) + '+08:00';

/** order id → latest modified (ISO +08:00) the emulator holds. */
export function expectedVersions(emu: RunningJdEmulator): Map<string, string> {
  return new Map(emu.store.orders.map((o) => [o.orderId, iso(o.modifiedMs)]));
}

/** refund id → latest updated_at (ISO +08:00) the emulator holds. */
export function expectedRefundVersions(emu: RunningJdEmulator): Map<string, string> {
  return new Map(emu.store.refunds.map((f) => [f.id, iso(Math.max(f.applyMs, f.checkMs ?? 0, f.modifiedMs))]));
}

/** The latest version read of each order (or refund) over several reads. */
export function latestVersions(...reads: DataRecord[][]): Map<string, string> {
  return latestVersionsOf(reads, { key: (r) => r.refund_id ?? r.order_id });
}

/** The business parameters of every order search the emulator answered. */
export function searches(emu: RunningJdEmulator): { start: string; end: string; page: number; pageSize: number }[] {
  return emu.kit.requests
    .filter((r) => /order\.(en)?[sS]earch/.test(r.query.method ?? ''))
    .map((r) => JSON.parse(r.query['360buy_param_json'] ?? '{}') as Record<string, string>)
    .map((b) => ({ start: b.start_date!, end: b.end_date!, page: Number(b.page), pageSize: Number(b.page_size) }));
}
