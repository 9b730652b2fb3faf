import t from 'tap';
import { join } from 'node:path';
import { summaryOf } from './helpers/cli-process.js';
import { crmProject, datongIn, stageOf } from './helpers/crm-project.js';
import { dealsByKey, editFile, jsonLines } from './helpers/operator-cli.js';

// Records set aside, and what an operator does about them: `datong dead-letters list|show` says
// why, `replay` runs them again through the mapping once it is fixed, `discard` closes one for
// good, and `datong audit` remembers who did it.

/** A dead letter as `dead-letters list --json` prints it. */
type DeadLetter = { id: string; status: string; code: string; reason: string; record_key: string | null; payload: { id: string; lifecycle_status: string } };

t.test('orders whose status the map forgot are set aside; after the fix a replay writes them, a discarded one stays closed', async (t) => {
  const p = await crmProject(t, 'dead-letters');
  const dealMap = join(p.dir, 'mappings', 'order-to-deal.yaml');
  // Three statuses forgotten: cancelled is fixed before the first replay, the other two only after it.
  const forget = (text: string, ...statuses: string[]) => statuses.reduce((s, status) => s.replace(new RegExp(`^ +${status}: \\w+\\n`, 'm'), ''), text);
  const remember = (text: string, status: string, stage: string) => text.replace(/^( +)open: contractsent\n/m, `$1open: contractsent\n$1${status}: ${stage}\n`);
  editFile(dealMap, (text) => forget(text, 'pending', 'completed', 'cancelled'));
  const orders = p.shop.store.orders.length;

  const run = await datongIn(p, 'run', p.pipeline, '--json');
  t.equal(run.code, 3, 'exit 3: the run finished with dead letters');
  const o = stageOf(summaryOf(run), 'orders');
  t.ok(o.deadLettered > 3, `orders with those statuses are dead-lettered (${o.deadLettered})`);
  t.equal(o.written, orders - o.deadLettered, 'the others are written');
  t.equal(p.crm.store.dump().deals.length, orders - o.deadLettered, 'HubSpot has the others only');

  const list = await datongIn(p, 'dead-letters', 'list', p.pipeline);
  t.match(list.stdout, /^open dead letters by reason:\n  orders UNMAPPED_VALUE x\d+   e\.g\. field "dealstage": value "\w+" of "lifecycle_status" has no mapping/,
    'list groups them by reason first, with an example');
  t.match(list.stdout, `orders UNMAPPED_VALUE x${o.deadLettered} `, 'the group counts every dead-lettered order');
  const open = jsonLines<DeadLetter>(await datongIn(p, 'dead-letters', 'list', p.pipeline, '--json'));
  t.equal(open.length, o.deadLettered, 'one dead letter per order');
  t.ok(open.every((d) => d.record_key === d.payload.id), 'each dead letter carries its order\'s key');
  const withStatus = (status: string) => open.filter((d) => d.payload.lifecycle_status === status);
  const [pending, completed, cancelled] = [withStatus('pending'), withStatus('completed'), withStatus('cancelled')];
  t.ok(pending.length > 0 && completed.length > 0 && cancelled.length > 0, `all three forgotten statuses occur (pending ${pending.length}, completed ${completed.length}, cancelled ${cancelled.length})`);
  for (const d of open) {
    t.match(list.stdout, `#${d.id} [orders] shop.orders key ${d.payload.id}\n`, `#${d.id} is listed with its order's key`);
    t.match(d, { code: 'UNMAPPED_VALUE', reason: `field "dealstage": value "${d.payload.lifecycle_status}" of "lifecycle_status" has no mapping`, status: 'open' }, `#${d.id} names the value`);
  }
  t.same(open.filter((d) => dealsByKey(p).has(d.payload.id)).map((d) => d.id), [], 'no dead-lettered order is in HubSpot');

  const shown = cancelled[0]!;
  const show = await datongIn(p, 'dead-letters', 'show', p.pipeline, shown.id);
  t.equal(show.code, 0);
  t.match(show.stdout, `dead letter #${shown.id} [orders] shop.orders`);
  t.match(show.stdout, /field "dealstage": value "cancelled" of "lifecycle_status" has no mapping \(\S*order-to-deal\.yaml:\d+/, 'the reason names the mapping file and line');
  t.match(show.stdout, /\n {2}record:\n {4}\{\n/, 'with the record');
  t.match(show.stdout, `"id": "${shown.payload.id}"`, 'the source record as read');
  t.match(show.stdout, '"lifecycle_status": "cancelled"');

  const discarded = pending[0]!;
  const discard = await datongIn(p, 'dead-letters', 'discard', p.pipeline, discarded.id, '--reason', 'duplicate order, refunded by hand', '--actor', 'carol');
  t.equal(discard.code, 0);
  t.match(discard.stdout, 'discarded 1 dead letter(s)');

  // Half a fix: cancelled is mapped again; pending and completed still are not.
  editFile(dealMap, (text) => remember(text, 'cancelled', 'closedlost'));
  const stillBroken = [...pending.slice(1), ...completed];
  const replay = await datongIn(p, 'dead-letters', 'replay', p.pipeline, '--stage', 'orders', '--json', '--actor', 'carol');
  t.equal(replay.code, 3, 'exit 3: some replayed records failed again');
  const report = JSON.parse(replay.stdout.trim().split('\n').at(-1)!);
  t.equal(report.replayed, open.length - 1, 'every open dead letter of the stage was replayed, not the discarded one');
  t.match(report.run, { kind: 'replay', counts: { written: cancelled.length, created: cancelled.length, deadLettered: stillBroken.length } }, 'the replay run reports what it wrote and what failed again');
  const deals = dealsByKey(p);
  t.same(cancelled.map((d) => deals.get(d.payload.id)?.dealstage), cancelled.map(() => 'closedlost'), 'HubSpot has the cancelled orders now, as closed-lost deals');

  const after = new Map(jsonLines<DeadLetter>(await datongIn(p, 'dead-letters', 'list', p.pipeline, '--status', 'all', '--json')).map((d) => [d.id, d]));
  for (const d of cancelled) t.equal(after.get(d.id)?.status, 'replayed', `#${d.id}: written, its dead letter closed as replayed`);
  t.equal(after.get(discarded.id)?.status, 'discarded', 'the discarded one stays discarded');
  for (const d of stillBroken) t.equal(after.get(d.id)?.status, 'replayed', `#${d.id}: replayed...`);
  const reopened = [...after.values()].filter((d) => d.status === 'open');
  t.same(reopened.map((d) => d.payload.id).sort(), stillBroken.map((d) => d.payload.id).sort(), '...and each record that still fails is an open dead letter again');
  for (const d of reopened) t.match(d, { record_key: d.payload.id, code: 'UNMAPPED_VALUE', reason: `value "${d.payload.lifecycle_status}" of "lifecycle_status" has no mapping` }, `#${d.id}: with the reason it still fails`);

  // The whole fix: the rest goes through; the discarded order stays out.
  editFile(dealMap, (text) => remember(remember(text, 'pending', 'qualifiedtobuy'), 'completed', 'closedwon'));
  const replay2 = await datongIn(p, 'dead-letters', 'replay', p.pipeline, '--stage', 'orders');
  t.equal(replay2.code, 0, `the second replay succeeds (stderr: ${replay2.stderr.slice(-600)})`);
  const n = stillBroken.length;
  t.match(replay2.stdout, new RegExp(`replayed ${n} dead letter\\(s\\) in run run-\\S+: ${n} written \\(${n} created\\), 0 held for review, 0 dead-lettered again`), 'the replay reports what it wrote');
  t.match(await datongIn(p, 'dead-letters', 'list', p.pipeline), { stdout: 'no dead letters' }, 'no dead letter is left open');
  t.notOk(dealsByKey(p).has(discarded.payload.id), 'the discarded order was not replayed');
  t.ok(stillBroken.every((d) => dealsByKey(p).has(d.payload.id)), 'the others are in HubSpot');
  t.equal(p.crm.store.dump().deals.length, orders - 1, 'HubSpot has every deal but the discarded one');

  const audit = jsonLines(await datongIn(p, 'audit', p.pipeline, '--json')).reverse();
  t.match(audit.map((e) => [e.kind, e.actor]), [
    ['operator.dead_letters.discard', 'carol'],
    ['operator.dead_letters.replay', 'carol'],
    ['operator.dead_letters.replay', String],
  ], 'audit lists the discard and both replays, with who did them');
  t.match(audit[0]!.detail, { reason: 'duplicate order, refunded by hand', deadLetters: [{ id: discarded.id, code: 'UNMAPPED_VALUE' }] }, 'and why it was discarded');
});
