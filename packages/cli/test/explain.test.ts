import t from 'tap';
import { readFileSync } from 'node:fs';
import { identityIdFor } from '@datong/identity';
import { summaryOf } from './helpers/cli-process.js';
import { crmProject, datongIn, stageOf } from './helpers/crm-project.js';
import { customerGid, orderGid } from './helpers/operator-cli.js';

// `datong explain`: one record's story, as an operator asks for it when a CRM record looks wrong:
// which version was read, which person it became, each write with its run and diff, and what a
// rollback undid.

type LineageEvent = { at: string; kind: string; stage?: string; runId?: string; summary: string; detail?: { diff?: { field: string; before?: unknown; after: unknown }[]; record?: Record<string, unknown> } };

t.test('a customer created, updated, and the update rolled back; an order created', async (t) => {
  const p = await crmProject(t, 'explain');
  const name = /^name: (.+)$/m.exec(readFileSync(p.pipeline, 'utf8'))![1]!.trim();
  const customer = p.shop.store.customers.find((c) => c.email !== null && p.shop.store.ordersOf(c.id).length > 0)!;
  const key = customerGid(customer.id);
  const person = identityIdFor(name, `shop:${key}`);
  const oldName = customer.firstName;

  const created = summaryOf(await datongIn(p, 'run', p.pipeline, '--json'));
  t.equal(created.status, 'succeeded');
  await fetch(`${p.shop.url}/_emulator/edit-customer`, { method: 'POST', body: JSON.stringify({ id: customer.id, firstName: 'Renamed' }) });
  const updated = summaryOf(await datongIn(p, 'run', p.pipeline, '--json'));
  t.equal(stageOf(updated, 'customers').written, 1, 'the second run updates that one contact');
  const rollback = await datongIn(p, 'rollback', p.pipeline, updated.runId);
  t.equal(rollback.code, 0, `the update is rolled back (stdout: ${rollback.stdout})`);
  t.equal(p.crm.store.dump().contacts.find((c) => c.properties.datong_key === person)?.properties.firstname, oldName, 'HubSpot has the old name again');

  const explained = await datongIn(p, 'explain', p.pipeline, key, '--json');
  t.equal(explained.code, 0);
  const lineage = JSON.parse(explained.stdout) as { sourceKey: string; keys: string[]; events: LineageEvent[] };
  t.equal(lineage.sourceKey, key);
  t.ok(lineage.keys.includes(person), 'it knows the customer as its person: the contact\'s key');
  const read = lineage.events.filter((e) => e.kind === 'read');
  t.equal(read.length, 1, 'the source version kept for the person');
  t.match(read[0], { summary: `shop record ${key} (latest version kept for survivorship) belongs to person ${person}`, detail: { record: { firstname: 'Renamed' } } }, 'the latest version read, and the person it belongs to');

  const writes = lineage.events.filter((e) => e.kind === 'write');
  t.match(writes.map((w) => [w.runId, w.stage]), [[created.runId, 'customers'], [updated.runId, 'customers']], 'two writes: one per run that changed it');
  t.match(writes[0]!.summary, `created crm.contacts ${person}`, 'created first');
  t.match(writes[0]!.detail!.diff!.find((d) => d.field === 'firstname'), { after: oldName, before: undefined }, 'with the created fields');
  t.match(writes[0]!.detail!.diff!.find((d) => d.field === 'email'), { after: customer.email });
  t.match(writes[1]!.summary, `updated crm.contacts ${person}`, 'then updated');
  t.same(writes[1]!.detail!.diff, [{ field: 'firstname', before: oldName, after: 'Renamed' }], 'with only the changed field, before and after');
  const rolledBack = lineage.events.filter((e) => e.kind === 'rollback');
  t.match(rolledBack, [{ summary: `rollback of ${updated.runId}: restored to its before-image` }], 'and the rollback that undid the update');
  const order = (e: LineageEvent) => lineage.events.indexOf(e);
  t.ok(order(writes[0]!) < order(writes[1]!) && order(writes[1]!) < order(rolledBack[0]!), 'in the order they happened');

  const text = await datongIn(p, 'explain', p.pipeline, key);
  t.match(text.stdout, `${key} in ${name} (also known as ${person}):`);
  t.match(text.stdout, new RegExp(`write +\\[customers\\] created crm.contacts ${person} .*\\(${created.runId}\\)`));
  t.match(text.stdout, new RegExp(`write +\\[customers\\] updated crm.contacts ${person} .*\\(${updated.runId}\\)\\n +firstname: "${oldName}" → "Renamed"`), 'the text shows the update with its diff');
  t.match(text.stdout, `rollback of ${updated.runId}: restored to its before-image`);

  // An order is known by its own key: one write, created by the first run, linked to the person.
  const o = p.shop.store.ordersOf(customer.id)[0]!;
  const deal = JSON.parse((await datongIn(p, 'explain', p.pipeline, orderGid(o.id), '--json')).stdout) as { keys: string[]; events: LineageEvent[] };
  t.same(deal.keys, [orderGid(o.id)]);
  const dealWrites = deal.events.filter((e) => e.kind === 'write');
  t.match(dealWrites, [{ runId: created.runId, stage: 'orders', summary: `created crm.deals ${orderGid(o.id)}` }], 'the order was written once, as a new deal');
  t.match(dealWrites[0]!.detail!.diff!.find((d) => d.field === 'contact_key'), { after: person }, 'associated with the customer\'s person');
  t.match(dealWrites[0]!.detail!.diff!.find((d) => d.field === 'dealname'), { after: `#${o.number}` });
});
