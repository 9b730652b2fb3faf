/**
 * How the emulated Jiandaoyun behaves where the documentation leaves a choice. Change them at
 * start (`startEmulator({ settings })`, `datong emulate jiandaoyun --set name=value`) or at run
 * time through `POST /_emulator/settings`.
 */
export interface JiandaoyunEmulatorSettings {
  /** The rate-limit window, ms. Jiandaoyun counts per second (OFFICIAL: "n 次/秒"); shorter in tests. */
  windowMs: number;
  /** Requests per window over all endpoints of one API key (OFFICIAL: 50). */
  globalLimit: number;
  /**
   * Requests per window per endpoint (the path after /api/v5/app/entry/). OFFICIAL: data/list 30,
   * data/get 30, data/batch_create 10, data/batch_update 10. UNCONFIRMED: data/create, data/update,
   * data/delete 20; data/batch_delete and widget/list 10.
   */
  endpointLimits: Record<string, number>;
  /** Requests one key may have in flight at once before HTTP 429 (UNCONFIRMED: 10). */
  maxConcurrent: number;
  /** Time each call spends "processing" while it holds a concurrency slot, ms (default 0). */
  processingMs: number;
  /** The most records in one data_list / data_ids (OFFICIAL: 100). */
  maxBatch: number;
  /** The most values of an `in` / `nin` filter condition (OFFICIAL: 200). */
  maxFilterValues: number;
  /** How long a transaction_id is remembered and its first answer replayed, ms (UNCONFIRMED: 1 hour). */
  transactionTtlMs: number;
  /** Calls one key may make in all before 400 code 8302 "quota exhausted" (UNCONFIRMED; default unlimited). */
  quota?: number;
  /** One-shot: after this many more platform calls the API key is revoked (401), as an admin deleting it mid-run. */
  revokeKeyAfterCalls?: number;
}

export const DEFAULT_SETTINGS: JiandaoyunEmulatorSettings = {
  windowMs: 1000,
  globalLimit: 50,
  endpointLimits: {
    'data/list': 30,
    'data/get': 30,
    'data/batch_create': 10,
    'data/batch_update': 10,
    'data/create': 20,
    'data/update': 20,
    'data/delete': 20,
    'data/batch_delete': 10,
    'widget/list': 10,
  },
  maxConcurrent: 10,
  processingMs: 0,
  maxBatch: 100,
  maxFilterValues: 200,
  transactionTtlMs: 3_600_000,
};
