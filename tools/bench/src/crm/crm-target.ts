import type { RequestKind, WriteLimit } from './limit-ratio.js';

/** An emulator as the CRM bench drives it: the SDK's RunningEmulator, its request log included. */
export interface BenchEmulator {
  url: string;
  credentials: Record<string, string>;
  kit: { requests: { at: number; method: string; path: string; status: number; route?: string; fault?: string }[] };
  close(): Promise<void>;
}

/**
 * One CRM sink in the bench: its emulator started with the platform's documented limit, the
 * records to write (in the sink's own vocabulary), the sink config, what each route is for,
 * and how to check that the emulator ended up holding exactly the records written.
 */
export interface CrmTarget {
  id: string;
  title: string;
  plugin: string;
  /** The sink object written. */
  object: string;
  /** The key field of the records. */
  key: string;
  records: number;
  limit: WriteLimit;
  start(): Promise<BenchEmulator>;
  /** The sink's config in the pipeline, secrets as `{ env: NAME }`; `env` gives their values. */
  sinkConfig(emulator: BenchEmulator): { config: Record<string, unknown>; env: Record<string, string> };
  record(i: number): Record<string, unknown>;
  /** Records a first stage writes before the measured one (YonBIP's orders need their customers). */
  prelude?: { object: string; key: string; records: Record<string, unknown>[] };
  /** What a request was for, by method and route pattern. */
  kind(method: string, route: string): RequestKind;
  /** Whether the request counts against the write limit (HubSpot: every call; Jiandaoyun: batch_create's own limit). */
  counted(entry: { method: string; route?: string; status: number }): boolean;
  /** Whether the platform refused it as over the limit (refused calls do not count). */
  throttled(entry: { method: string; route?: string; status: number; fault?: string }): boolean;
  /** Undefined when the emulator holds one record per key written, with its values; else what is wrong. */
  verify(emulator: BenchEmulator, records: Record<string, unknown>[]): Promise<string | undefined>;
}
