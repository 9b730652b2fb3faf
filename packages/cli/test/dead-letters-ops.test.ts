import t from 'tap';
import { join } from 'node:path';
import { summaryOf } from './helpers/cli-process.js';
import { crmProject, datongIn, stageOf } from './helpers/crm-project.js';
import { dealsByKey, editFile, jsonLines } from './helpers/operator-cli.js';

// Records set aside, and what an operator does about them: `datong dead-letters list|show` says
// why, `replay` runs them again through the mapping once it is fixed, `discard` closes one for
// good, and `datong audit` remembers who did it.

t.test('orders whose status the map forgot are set aside; after the fix a replay writes them, a discarded one stays closed', async (t) => {
  const p = await crmProject(t, 'dead-letters');
  const dealMap = join(p.dir, 'mappings', 'order-to-deal.yaml');
  // Two statuses forgotten: one fixed before the first replay, the other only after it.
  editFile(dealMap, (text) => text.replace(/^ +completed: closedwon\n/m, '').replace(/^ +cancelled: closedlost\n/m, ''));
  const orders = p.shop.store.orders.length;

  const run = await datongIn(p, 'run', p.pipeline, '--json');
  t.equal(run.code, 3, 'exit 3: the run finished with dead letters');
  const o = stageOf(summaryOf(run), 'orders');
  t.ok(o.deadLettered > 1, `orders with those statuses are dead-lettered (${o.deadLettered})`);
  t.equal(o.written, orders - o.deadLettered, 'the others are written');
  t.equal(p.crm.store.dump().deals.length, orders - o.deadLettered, 'HubSpot has the others only');

  const list = await datongIn(p, 'dead-letters', 'list', p.pipeline);
  t.match(list.stdout, new RegExp(`open dead letters by reason:\\n  orders UNMAPPED_VALUE x${o.deadLettered}   e\\.g\\. field "dealstage": value "(cancelled|completed)" of "lifecycle_status" has no mapping`),
    'list groups them by reason first, with an example');
  const open = jsonLines(await datongIn(p, 'dead-letters', 'list', p.pipeline, '--json'));
  t.equal(open.length, o.deadLettered, 'one dead letter per order');
  const statusOf = (d: Record<string, any>) => /value "(\w+)"/.exec(d.reason)![1]!;
  const cancelled = open.filter((d) => statusOf(d) === 'cancelled');
  const completed = open.filter((d) => statusOf(d) === 'completed');
  t.ok(cancelled.length > 0 && completed.length > 1, `both forgotten statuses occur (cancelled ${cancelled.length}, completed ${completed.length})`);
  for (const d of open) t.match(list.stdout, `#${d.id} [orders] shop.orders ${d.at ? `${d.at} ` : ''}key ${d.record_key}\n  UNMAPPED_VALUE: field "dealstage"`, `#${d.id} is listed with its key and reason`);
  t.same(open.filter((d) => dealsByKey(p).has(d.record_key)), [], 'no dead-lettered order is in HubSpot');

  const shown = cancelled[0]!;
  const show = await datongIn(p, 'dead-letters', 'show', p.pipeline, String(shown.id));
  t.equal(show.code, 0);
  t.match(show.stdout, `dead letter #${shown.id} [orders] shop.orders key ${shown.record_key}`);
  t.match(show.stdout, /field "dealstage": value "cancelled" of "lifecycle_status" has no mapping \(order-to-deal\.yaml:\d+/, 'the reason names the mapping file and line');
  t.match(show.stdout, /  record:\n    \{\n/, 'with the record');
  t.match(show.stdout, `"id": "${shown.record_key}"`, 'the source record as read');
  t.match(show.stdout, '"lifecycle_status": "cancelled"');

  const [discarded, ...stillBroken] = completed;
  const discard = await datongIn(p, 'dead-letters', 'discard', p.pipeline, String(discarded!.id), '--reason', 'duplicate order, refunded by hand', '--actor', 'carol');
  t.equal(discard.code, 0);
  t.match(discard.stdout, 'discarded 1 dead letter(s)');

  // Half a fix: cancelled is mapped again, completed still is not.
  editFile(dealMap, (text) => text.replace(/^( +)open: contractsent\n/m, '$1open: contractsent\n$1cancelled: closedlost\n'));
  const replay = await datongIn(p, 'dead-letters', 'replay', p.pipeline, '--stage', 'orders', '--json', '--actor', 'carol');
  t.equal(replay.code, 3, 'exit 3: some replayed records failed again');
  const report = JSON.parse(replay.stdout.trim().split('\n').at(-1)!);
  t.equal(report.replayed, cancelled.length + stillBroken.length, 'every open dead letter of the stage was replayed (not the discarded one)');
  t.match(report.run, { kind: 'replay', counts: { written: cancelled.length, created: cancelled.length, deadLettered: stillBroken.length } }, 'the replay run reports what it wrote and what failed again');
  const deals = dealsByKey(p);
  t.same(cancelled.map((d) => deals.get(d.record_key)?.dealstage), cancelled.map(() => 'closedlost'), 'HubSpot has the cancelled orders now, as closed-lost deals');

  const after = jsonLines(await datongIn(p, 'dead-letters', 'list', p.pipeline, '--status', 'all', '--json'));
  const now = (key: string) => after.filter((d) => d.record_key === key).map((d) => d.status).sort();
  for (const d of cancelled) t.same(now(d.record_key), ['replayed'], `${d.record_key}: its dead letter is closed as replayed`);
  t.same(now(discarded!.record_key), ['discarded'], 'the discarded one stays discarded');
  for (const d of stillBroken) {
    t.same(now(d.record_key), ['open', 'replayed'], `${d.record_key}: replayed, and open again`);
    t.match(after.find((x) => x.record_key === d.record_key && x.status === 'open'), { code: 'UNMAPPED_VALUE', reason: /value "completed" of "lifecycle_status" has no mapping/ }, 'with the reason it still fails');
  }

  // The whole fix: the rest goes through; the discarded order stays out.
  editFile(dealMap, (text) => text.replace(/^( +)open: contractsent\n/m, '$1open: contractsent\n$1completed: closedwon\n'));
  const replay2 = await datongIn(p, 'dead-letters', 'replay', p.pipeline, '--stage', 'orders');
  t.equal(replay2.code, 0, `the second replay succeeds (stderr: ${replay2.stderr.slice(-600)})`);
  t.match(replay2.stdout, new RegExp(`replayed ${stillBroken.length} dead letter\\(s\\) in run run-\\S+: ${stillBroken.length} written \\(${stillBroken.length} created\\), 0 held for review, 0 dead-lettered again`));
  t.equal(p.crm.store.dump().deals.length, orders - 1, 'HubSpot has every deal but the discarded one');
  t.notOk(dealsByKey(p).has(discarded!.record_key), 'the discarded order was not replayed');

  const audit = jsonLines(await datongIn(p, 'audit', p.pipeline, '--json')).reverse();
  t.match(audit.map((e) => [e.kind, e.actor]), [
    ['operator.dead_letters.discard', 'carol'],
    ['operator.dead_letters.replay', 'carol'],
    ['operator.dead_letters.replay', String],
  ], 'audit lists the discard and both replays, with who did them');
  t.match(audit[0]!.detail, { reason: 'duplicate order, refunded by hand', deadLetters: [{ key: discarded!.record_key, code: 'UNMAPPED_VALUE' }] }, 'and why it was discarded');
});
