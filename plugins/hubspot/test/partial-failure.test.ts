import type { SinkWrite } from '@datong/sdk';
import { testContext } from '@datong/sdk/testing';
import t from 'tap';
import plugin from '../src/index.js';
import { calls, contacts, contactSpec, datongRecords, deals, dealSpec, hubspot, tokenConfig } from './helpers/hubspot-fixtures.js';

/** 100 contacts of which 3 HubSpot refuses, each for its own reason. */
function batchWithBadOnes(): { batch: SinkWrite[]; bad: Record<string, RegExp> } {
  const batch = contacts(100);
  const spoil = (i: number, change: Record<string, unknown>) => (batch[i] = { key: batch[i]!.key, record: { ...batch[i]!.record, ...change } });
  spoil(5, { email: 'wang.fang@qq' });
  spoil(50, { lifecyclestage: 'vip' });
  spoil(97, { hs_lead_status: 'HOT' });
  return {
    batch,
    bad: {
      'person-6': /email: Email address wang\.fang@qq is invalid \(INVALID_EMAIL\)/,
      'person-51': /lifecyclestage: vip was not one of the allowed options.*\(INVALID_OPTION\)/,
      'person-98': /hs_lead_status: HOT was not one of the allowed options.*\(INVALID_OPTION\)/,
    },
  };
}

for (const mode of ['207', '400-whole-batch'] as const) {
  t.test(`3 bad contacts among 100 (HubSpot answering ${mode}): 97 land, 3 are refused with HubSpot's reasons`, async (t) => {
    const emulator = await hubspot({ settings: { partialErrors: mode } });
    t.teardown(() => emulator.close());
    const ctx = testContext();
    const sink = await (await plugin.sink!.open(tokenConfig(emulator), ctx)).object(contactSpec);
    const { batch, bad } = batchWithBadOnes();

    const results = (await sink.write(batch, ctx)) ?? [];
    const refused = results.filter((r) => r.error !== undefined);
    t.same(refused.map((r) => r.key).sort(), Object.keys(bad).sort(), 'exactly the three bad records are refused');
    for (const r of refused) t.match(r.error, bad[r.key]!, `${r.key}: HubSpot's own message`);
    t.equal(results.filter((r) => r.sinkId !== undefined).length, 97);
    t.same(datongRecords(emulator, 'contacts').map((o) => o.properties.datong_key).sort(), batch.map((w) => w.key).filter((k) => !(k in bad)).sort(), 'the 97 good ones are in HubSpot');
    const upserts = calls(emulator, '/contacts/batch/upsert');
    if (mode === '207') t.equal(upserts.length, 1, 'one call: HubSpot wrote the good ones and listed the bad ones');
    else t.ok(upserts[0]!.status === 400 && upserts.length > 2, `the refused batch was split until the bad ones stood alone (${upserts.length} calls)`);
  });
}

t.test('deals HubSpot refuses (a stage outside the pipeline, an amount that is no number) are dead letters; the rest land and are associated', async (t) => {
  const emulator = await hubspot();
  t.teardown(() => emulator.close());
  const ctx = testContext();
  const connection = await plugin.sink!.open(tokenConfig(emulator), ctx);
  const people = contacts(10);
  await (await connection.object(contactSpec)).write(people, ctx);
  const orders = deals(people.map((p) => p.key));
  orders[2] = { key: orders[2]!.key, record: { ...orders[2]!.record, dealstage: 'shipped' } };
  orders[7] = { key: orders[7]!.key, record: { ...orders[7]!.record, amount: '12,50' } };

  const results = (await (await connection.object(dealSpec)).write(orders, ctx)) ?? [];
  t.match(results[2]!.error, /dealstage: shipped was not one of the allowed options/);
  t.match(results[7]!.error, /amount: 12,50 is not a valid number/);
  t.equal(results.filter((r) => r.error === undefined).length, 8);
  t.equal(emulator.store.associations.length, 8, 'only the written deals were associated');
});
