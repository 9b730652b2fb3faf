import { testContext } from '@datong/sdk/testing';
import t from 'tap';
import { startEmulator } from '../emulator/index.js';
import plugin from '../src/index.js';

t.test('a full read gets every item despite a 429, 5xx answers, a repeated page and items changed mid-read', async (t) => {
  const emulator = await startEmulator({
    seed: 3,
    faults: { rateLimitAfter: 1, rateLimitCalls: 1, errorBurst: 2, duplicatePage: true, changeAfterPages: 2 },
  });
  t.teardown(() => emulator.close());
  const ctx = testContext();
  const connection = await plugin.source!.open({ apiKey: emulator.credentials.apiKey, baseUrl: emulator.url }, ctx);
  const [stream] = await connection.streams();

  const read = new Map<string, unknown>();
  for await (const batch of stream!.read({ state: undefined, batchSize: 10, fullRefresh: false }, ctx)) {
    for (const item of batch.items) if ('record' in item) read.set(String(item.record.id), item.record.updated_at);
  }

  const held = new Map(emulator.items.all().map((item) => [item.id, item.updated_at]));
  t.same(Object.fromEntries(read), Object.fromEntries(held), 'every item, in its latest version');
  const faults = emulator.kit.requests.map((request) => request.fault ?? '').join(',');
  for (const fault of ['rate-limit', '5xx', 'duplicate-page', 'records-changed']) t.match(faults, fault, `the emulator served ${fault}`);
  t.notMatch(JSON.stringify(ctx.messages), emulator.credentials.apiKey!, 'the API key appears in no log line');
});
