import t from 'tap';
import { freshDatabase, postgresServer } from '@datong/store/testing';
import { runCli, summaryOf } from './helpers/cli-process.js';
import { runInProcess } from './helpers/cli-in-process.js';
import { crmProject, datongIn, mutateShop, stageOf, type CrmProject } from './helpers/crm-project.js';
import { compareRows, expectedRows, makeOrders, warehouseRows, writeOrders, writePipeline } from './helpers/orders-fixture.js';
import { workDir } from './helpers/work-dir.js';

// `datong rollback` over the emulators: what a run changed in HubSpot goes back exactly, the
// cursors with it, a later run's changes are not overwritten without --force, and what cannot be
// undone (a merge HubSpot carried out) is reported, not hidden.

const VOLATILE = new Set(['lastmodifieddate', 'hs_lastmodifieddate', 'createdate', 'hs_object_id']);

/** What HubSpot holds of datong's records, by datong key: properties (minus timestamps and ids) and each deal's contact. */
function snapshot(p: CrmProject) {
  const dump = p.crm.store.dump();
  const props = (o: { properties: Record<string, string> }) => Object.fromEntries(Object.entries(o.properties).filter(([k]) => !VOLATILE.has(k)).sort());
  const contactKey = new Map(dump.contacts.map((c) => [c.id, c.properties.datong_key]));
  const contacts = Object.fromEntries(dump.contacts.filter((c) => c.properties.datong_key).map((c) => [c.properties.datong_key!, props(c)]));
  const deals = Object.fromEntries(dump.deals.filter((d) => d.properties.datong_key).map((d) => [d.properties.datong_key!, {
    ...props(d),
    contacts: dump.associations.filter((a) => a.fromType === 'deals' && a.fromId === d.id && a.toType === 'contacts').map((a) => contactKey.get(a.toId) ?? `hand-made ${a.toId}`).sort(),
  }]));
  return { contacts, deals };
}

async function cursors(p: CrmProject) {
  const status = JSON.parse((await datongIn(p, 'status', p.pipeline, '--json')).stdout) as { cursors: { stage: string; stream: string; state: unknown }[] };
  return status.cursors.map((c) => ({ stage: c.stage, stream: c.stream, state: c.state }));
}

t.test('a rollback after a run that created and updated contacts and deals restores HubSpot exactly, and the cursors; the next run redoes it', async (t) => {
  const p = await crmProject(t, 'rollback', { customers: 12, orders: 40 });
  t.equal((await datongIn(p, 'run', p.pipeline, '--json')).code, 0, 'the first run succeeds');
  const before = snapshot(p);
  const cursorsBefore = await cursors(p);
  const handMade = p.crm.store.dump().contacts.filter((c) => !c.properties.datong_key).length;

  p.shop.store.editCustomer({ index: 0, firstName: 'Renamed' });
  p.shop.store.editCustomer({ index: 1, email: 'moved@example.com' });
  await mutateShop(p, { orders: 16, customers: 2 });
  const second = summaryOf(await datongIn(p, 'run', p.pipeline, '--json'));
  t.equal(second.status, 'succeeded');
  const customers = stageOf(second, 'customers');
  const orders = stageOf(second, 'orders');
  t.ok(customers.created > 0 && customers.written - customers.created >= 2, `the run created and updated contacts (${customers.created} created, ${customers.written - customers.created} updated)`);
  t.ok(orders.created > 0 && orders.written - orders.created > 0, `and created and updated deals (${orders.created} created, ${orders.written - orders.created} updated)`);
  const after = snapshot(p);
  t.not(JSON.stringify(after), JSON.stringify(before), 'HubSpot changed');

  const rollback = await datongIn(p, 'rollback', p.pipeline, second.runId, '--actor', 'ops-alice');
  t.equal(rollback.code, 0, `exit 0 (stdout: ${rollback.stdout} stderr: ${rollback.stderr.slice(-400)})`);
  t.match(rollback.stdout, new RegExp(`restored ${customers.written - customers.created + orders.written - orders.created} record\\(s\\) to their before-image, deleted ${customers.created + orders.created} the run created`));
  t.same(snapshot(p), before, 'HubSpot holds exactly what it held before the run: every property, every deal-contact association');
  t.equal(p.crm.store.dump().contacts.filter((c) => !c.properties.datong_key).length, handMade, 'contacts made by hand are untouched');
  t.same(await cursors(p), cursorsBefore, 'the cursors are back where they were');

  const again = await datongIn(p, 'rollback', p.pipeline, second.runId);
  t.equal(again.code, 0, 'rolling back again is harmless');
  t.match(again.stdout, /nothing-to-do/);
  t.same(snapshot(p), before);

  const redo = summaryOf(await datongIn(p, 'run', p.pipeline, '--json'));
  t.match(redo.counts, { written: second.counts.written, created: second.counts.created }, 'the next run redoes exactly what was undone');
  t.same(snapshot(p), after, 'and HubSpot is as the undone run had left it');

  const audit = await datongIn(p, 'audit', p.pipeline);
  t.match(audit.stdout, new RegExp(`ops-alice +rollback +run-\\S+ .*"run":"${second.runId}"`), 'the rollback is in the audit trail with who did it');
});

t.test('a rollback that would overwrite a later run\'s changes is refused unless forced; a merge HubSpot carried out is reported as not undone', async (t) => {
  const p = await crmProject(t, 'rollback-refused', { customers: 12, orders: 12 });
  t.equal((await datongIn(p, 'run', p.pipeline, '--json')).code, 0);
  p.shop.store.editCustomer({ index: 2, firstName: 'First' });
  const first = summaryOf(await datongIn(p, 'run', p.pipeline, '--json'));
  p.shop.store.editCustomer({ index: 2, firstName: 'Second' });
  const second = summaryOf(await datongIn(p, 'run', p.pipeline, '--json'));
  t.equal(stageOf(second, 'customers').written, 1);

  const held = snapshot(p);
  const refused = await datongIn(p, 'rollback', p.pipeline, first.runId);
  t.equal(refused.code, 7, 'exit 7: refused');
  t.match(refused.stdout, new RegExp(`refused: 1 record\\(s\\) this run changed were changed again by later run\\(s\\) ${second.runId}`));
  t.same(snapshot(p), held, 'nothing was touched');
  t.ok(Object.values(held.contacts).some((c) => c.firstname === 'Second'), 'the later change is there');

  const forced = await datongIn(p, 'rollback', p.pipeline, first.runId, '--force');
  t.equal(forced.code, 0, `--force rolls back (stdout: ${forced.stdout})`);
  t.notOk(Object.values(snapshot(p).contacts).some((c) => c.firstname === 'Second' || c.firstname === 'First'), 'the contact has its name from before the first change');

  // Two shop customers turn out to be one person (the same email): the run merges their HubSpot contacts.
  const customers = p.shop.store.customers;
  p.shop.store.editCustomer({ index: 4, email: customers[3]!.email });
  const merging = summaryOf(await datongIn(p, 'run', p.pipeline, '--json'));
  t.equal(merging.identity.sinkMerges, 1, 'HubSpot merged the two contacts');
  const undo = await datongIn(p, 'rollback', p.pipeline, merging.runId);
  t.equal(undo.code, 3, 'exit 3: the rollback is partial');
  t.match(undo.stdout, /not undone \(1\):\n.*crm\.contacts id-\S+: merged into id-\S+ in the sink by this run: a CRM merge cannot be undone/);
});

t.test('a rollback killed part-way is finished by running it again: the warehouse ends exactly as before the run', async (t) => {
  if (!postgresServer(t)) return;
  const dir = workDir(t, 'rollback-crash');
  const warehouse = await freshDatabase(t);
  const pipeline = writePipeline(dir, { batchSize: 100 });
  const env = { WAREHOUSE_URL: warehouse, DATABASE_URL: '' };
  // Killed at a fault point: a process of its own; the rest in this one.
  const datong = (args: string[], fault?: string) => (fault
    ? runCli([...args, '--state', 'embedded'], { cwd: dir, env, killAtFault: fault })
    : runInProcess([...args, '--state', 'embedded'], { cwd: dir, env }));
  const original = makeOrders(1000);
  writeOrders(dir, original);
  t.equal((await datong(['run', pipeline])).code, 0);
  // The next export changes some orders, and adds some.
  const revised = [...makeOrders(1000, 1), ...makeOrders(1200).slice(1000)];
  writeOrders(dir, revised);
  const second = summaryOf(await datong(['run', pipeline, '--full-refresh', '--json']));
  t.equal(second.counts.created, 200);
  t.ok(second.counts.written > 200, `and updated ${second.counts.written - 200}`);
  t.same(compareRows(expectedRows(revised), (await warehouseRows(warehouse)).rows), { missing: 0, extra: 0, stale: 0, examples: [] });

  const killed = await datong(['rollback', pipeline, second.runId], 'rollback-after-sink');
  t.equal(killed.faultReached, 'rollback-after-sink', 'the rollback was killed after undoing a batch in the warehouse, before recording it');
  t.not(compareRows(expectedRows(original), (await warehouseRows(warehouse)).rows).stale, 0, 'it stopped part-way');

  const finished = await datong(['rollback', pipeline, second.runId]);
  t.equal(finished.code, 0, `running it again finishes it (stdout: ${finished.stdout} stderr: ${finished.stderr.slice(-300)})`);
  t.same(compareRows(expectedRows(original), (await warehouseRows(warehouse)).rows), { missing: 0, extra: 0, stale: 0, examples: [] }, 'the warehouse holds exactly the rows from before the run: updates reverted, creations deleted');
  const redo = summaryOf(await datong(['run', pipeline, '--full-refresh', '--json']));
  t.match(redo.counts, { written: second.counts.written, created: 200 }, 'the next run writes the run\'s work again (the ledger was reverted with the rows)');
});
