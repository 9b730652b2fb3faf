import { testContext } from '@datong/sdk/testing';
import t from 'tap';
import { startEmulator } from '../emulator/index.js';
import { contractSchema } from '../src/contract-schema.js';
import plugin from '../src/index.js';

const schema = contractSchema('items.schema.json');

t.test('a record the platform refuses is reported with its reason, and the rest of the batch is written', async (t) => {
  const emulator = await startEmulator({ seed: 3, faults: { errorBurst: 1 } });
  t.teardown(() => emulator.close());
  const ctx = testContext();
  const connection = await plugin.sink!.open({ apiKey: emulator.credentials.apiKey, baseUrl: emulator.url }, ctx);
  const items = await connection.object({ name: 'items', schema, key: ['id'] });

  const results = await items.write(
    [
      { key: 'A-1', record: { id: 'A-1', name: '青花瓷茶杯', price: '129.90' } },
      { key: 'A-2', record: { id: 'A-2', name: 'Tea towel', price: '12.5' } },
      { key: 'A-3', record: { id: 'A-3', name: '竹制托盘' } },
    ],
    ctx,
  );

  t.same(results?.map((r) => r.key), ['A-1', 'A-2', 'A-3'], 'one result per record, in order');
  t.match(results?.[1]?.error, /price/, 'the refused record carries the platform\'s reason');
  t.ok(results?.[0]?.sinkId && results?.[2]?.sinkId, 'the others were written');
  t.same([...(await items.readBack!(['A-1', 'A-2', 'A-3'])).keys()].sort(), ['A-1', 'A-3'], 'the platform holds the two good records');
  t.match(JSON.stringify(emulator.kit.requests), '"status":503', 'the 5xx before it was retried');
});

t.test('an object the platform does not have is refused by name', async (t) => {
  const emulator = await startEmulator({ seed: 3 });
  t.teardown(() => emulator.close());
  const ctx = testContext();
  const connection = await plugin.sink!.open({ apiKey: emulator.credentials.apiKey, baseUrl: emulator.url }, ctx);
  await t.rejects(connection.object({ name: 'invoices', schema, key: ['id'] }), /no object "invoices".*items/);
});
