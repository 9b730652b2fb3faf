import type { DataRecord } from '@datong/sdk';
import { latestVersions as latestVersionsOf, openSourceStream, type TestContext } from '@datong/sdk/testing';
import { startEmulator, type AuthKind, type OwnStoreEmulatorOptions, type PagingStyle, type RunningOwnStoreEmulator } from '../../emulator/index.js';
import plugin from '../../src/index.js';

/** Anything with a teardown: a tap test. */
interface Teardown {
  teardown(fn: () => unknown): void;
}

/** Starts an own-store emulator for one test; it closes when the test ends. */
export async function emulator(t: Teardown, options: OwnStoreEmulatorOptions = {}): Promise<RunningOwnStoreEmulator> {
  const emu = await startEmulator({ orders: 45, members: 25, ...options });
  t.teardown(() => emu.close());
  return emu;
}

/** The config's auth for the emulator's auth kind, from the credentials it hands out. */
export function authFor(emu: RunningOwnStoreEmulator, kind: AuthKind = emu.auth): Record<string, unknown> {
  const c = emu.credentials;
  switch (kind) {
    case 'none':
      return { type: 'none' };
    case 'bearer':
      return { type: 'bearer', token: c.token };
    case 'basic':
      return { type: 'basic', username: c.username, password: c.password };
    case 'apiKey':
      return { type: 'apiKey', in: 'header', name: c.apiKeyName, value: c.apiKey };
    case 'apiKeyQuery':
      return { type: 'apiKey', in: 'query', name: c.apiKeyName, value: c.apiKey };
    case 'hmac':
      return { type: 'hmac', secret: c.hmacSecret, keyId: c.keyId };
  }
}

/** recordPath and pagination that read a listing served in `style`. */
export function pagingFor(style: PagingStyle, size = 10): { recordPath: string; pagination: Record<string, unknown> } {
  switch (style) {
    case 'page':
      return { recordPath: 'data.items', pagination: { type: 'page', param: 'page', sizeParam: 'per_page', size } };
    case 'offset':
      return { recordPath: 'data.items', pagination: { type: 'offset', param: 'offset', limitParam: 'limit', limit: size } };
    case 'cursor':
      return { recordPath: 'data.items', pagination: { type: 'cursor', param: 'cursor', from: 'meta.next_cursor', sizeParam: 'limit', size } };
    case 'link':
      return { recordPath: '', pagination: { type: 'link', sizeParam: 'per_page', size } };
    case 'nextUrl':
      return { recordPath: 'data.items', pagination: { type: 'nextUrl', from: 'links.next', sizeParam: 'limit', size } };
  }
}

/** A config reading the emulator's orders and members as it serves them. */
export function configFor(emu: RunningOwnStoreEmulator, extra: { size?: number; overlapSeconds?: number; orders?: Record<string, unknown> } = {}): Record<string, unknown> {
  const cursor = { field: 'modified_at', param: 'updated_since', format: 'iso8601', ...(extra.overlapSeconds === undefined ? {} : { overlapSeconds: extra.overlapSeconds }) };
  return {
    baseUrl: emu.url,
    auth: authFor(emu),
    streams: [
      { name: 'orders', path: '/api/v2/orders', key: ['order_no'], cursor, ...pagingFor(emu.paging.orders, extra.size), ...extra.orders },
      { name: 'members', path: '/api/v2/members', key: ['member_id'], cursor, ...pagingFor(emu.paging.members, extra.size) },
    ],
  };
}

/** Opens the source and returns one of its streams. */
export const openStream = (config: Record<string, unknown>, name: string, ctx?: TestContext) => openSourceStream(plugin, config, name, ctx);

export { compareVersions, readAll, type ReadResult } from '@datong/sdk/testing';

/** Every order the emulator holds: order_no → modified_at. */
export function expectedOrders(emu: RunningOwnStoreEmulator): Map<string, string> {
  return new Map(emu.store.orders.map((o) => [o.order_no, o.modified_at]));
}

/** The latest version read of each record over several reads, by `field`. */
export function latestVersions(key: string, field: string, ...reads: DataRecord[][]): Map<string, string> {
  return latestVersionsOf(reads, { key, version: field });
}

/** What a call that must fail threw; fails loudly when it did not. */
export async function failureOf(promise: Promise<unknown>): Promise<Error & { code?: string; retryable?: boolean }> {
  try {
    await promise;
  } catch (error) {
    return error as Error & { code?: string; retryable?: boolean };
  }
  throw new Error('expected a failure, but the call succeeded');
}
