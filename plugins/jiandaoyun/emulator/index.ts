import { EmulatorKit, type EmulatorModule, type EmulatorRequest, type EmulatorResponse, type FaultOptions, type RunningEmulator } from '@datong/sdk/emulator';
import { ItemStore } from './item-store.js';

/** The name `datong emulate` knows this emulator by. */
export const platform = 'jiandaoyun';

export interface JiandaoyunEmulatorOptions {
  port?: number;
  host?: string;
  seed?: number;
  faults?: FaultOptions;
  /** The clock stamped on changes (ms epoch); default Date.now. */
  now?: () => number;
}

/** A running emulator, with its item store for tests that need to know what the platform holds. */
export interface JiandaoyunEmulator extends RunningEmulator {
  items: ItemStore;
}

const MAX_BATCH = 100;

/**
 * Starts an emulator of the Jiandaoyun API on 127.0.0.1, written from the API's documentation
 * (never from src/, so a misreading cannot agree with itself):
 *
 * - every call needs `Authorization: Bearer <apiKey>`, else 401 `{ error: "unauthorized" }`;
 * - `GET /v1/me` answers the account;
 * - `POST /v1/items/batch/upsert { inputs: [{ external_id, properties }] }` creates or replaces
 *   up to 100 items, answering `{ results: [{ external_id, id }], errors: [{ external_id, message }] }`:
 *   a refused input does not stop the others;
 * - `POST /v1/items/batch/read { external_ids }` answers the items it has, `{ results: [...] }`;
 * - `POST /v1/items/batch/delete { external_ids }` deletes them, ignoring unknown ids;
 * - the rate-limit fault answers 429 with `Retry-After: 1`;
 * - `POST /_emulator/mutate` (and the changeAfterPages fault) edits a couple of stored items.
 */
export async function startEmulator(options: JiandaoyunEmulatorOptions = {}): Promise<JiandaoyunEmulator> {
  const kit = new EmulatorKit({
    name: platform,
    port: options.port,
    host: options.host,
    seed: options.seed,
    faults: options.faults,
    now: options.now,
    rateLimitResponse: () => ({
      status: 429,
      headers: { 'retry-after': '1' },
      json: { error: 'rate_limited', message: 'Too many requests: retry after 1 second' },
    }),
  });
  const apiKey = `key_${Array.from({ length: 24 }, () => kit.random.int(0, 15).toString(16)).join('')}`;
  const items = new ItemStore(kit.random, () => kit.now());
  const authorized = (handler: (req: EmulatorRequest) => EmulatorResponse) => (req: EmulatorRequest) =>
    req.headers.authorization === `Bearer ${apiKey}`
      ? handler(req)
      : { status: 401, json: { error: 'unauthorized', message: 'The API key is missing or not valid.' } };

  kit.route('GET', '/v1/me', authorized(() => ({ json: { id: 'acct_1', name: 'Jiandaoyun emulator' } })));
  kit.route('POST', '/v1/items/batch/upsert', authorized((req) => batch(req, 'inputs', (inputs) => {
    const results: { external_id: string; id: string }[] = [];
    const errors: { external_id: unknown; message: string }[] = [];
    for (const input of inputs as { external_id?: unknown; properties?: unknown }[]) {
      const outcome = items.upsert(input?.external_id, input?.properties);
      if ('error' in outcome) errors.push({ external_id: input?.external_id, message: outcome.error });
      else results.push({ external_id: outcome.item.external_id, id: outcome.item.id });
    }
    return { json: { results, errors } };
  })));
  kit.route('POST', '/v1/items/batch/read', authorized((req) => batch(req, 'external_ids', (ids) => ({
    json: { results: ids.flatMap((id) => items.get(String(id)) ?? []) },
  }))));
  kit.route('POST', '/v1/items/batch/delete', authorized((req) => batch(req, 'external_ids', (ids) => ({
    json: { deleted: ids.filter((id) => items.delete(String(id))).length },
  }))));
  kit.control('mutate', () => items.mutate());
  kit.onMutate(() => {
    items.mutate();
  });

  const url = await kit.start();
  return { url, credentials: { apiKey, baseUrl: url }, kit, items, close: () => kit.close() };
}

/** A batch call's list (`inputs` or `external_ids`), 1 to MAX_BATCH long, or the platform's 400. */
function batch(req: EmulatorRequest, field: string, handle: (list: unknown[]) => EmulatorResponse): EmulatorResponse {
  const list = (req.body as Record<string, unknown> | undefined)?.[field];
  if (!Array.isArray(list) || list.length === 0 || list.length > MAX_BATCH) {
    return { status: 400, json: { error: 'invalid_request', message: `${field} must be a list of 1 to ${MAX_BATCH} entries` } };
  }
  return handle(list);
}

export default { platform, startEmulator } satisfies EmulatorModule;
