import t from 'tap';
import { crmProject, datongIn, mutateShop } from './helpers/crm-project.js';
import { exitOf, occurrences, startBackground, waitFor } from './helpers/background-cli.js';
import { appendToPipeline, dealsByKey, orderGid } from './helpers/operator-cli.js';

// `datong daemon`: the pipeline's sync on its cron schedule, as a service manager runs it. It
// keeps HubSpot in step with the shop, skips its syncs while the pipeline is paused (the pause
// sent from another process while the daemon holds the embedded store), and stops cleanly on
// SIGTERM. Every wait here is for something to happen, bounded so a broken daemon fails the test.

const SKIPPED = /: skipped, pipeline \S+ is paused/;

t.test('the daemon syncs on its schedule, skips syncs while paused, and stops cleanly on SIGTERM', async (t) => {
  const p = await crmProject(t, 'daemon');
  appendToPipeline(p, 'schedule: { sync: "*/2 * * * * *" }');
  const daemon = startBackground(t, ['daemon', p.pipeline], { cwd: p.dir, env: { DATABASE_URL: '' } });
  const has = (ids: number[]) => () => { const deals = dealsByKey(p); return ids.every((id) => deals.has(orderGid(id))); };
  const contacts = () => p.crm.store.dump().contacts.filter((c) => c.properties.datong_key).length;

  await waitFor('the first scheduled sync to finish', () => /: run run-\S+ succeeded: read \d+, written \d+/.test(daemon.log()));
  t.equal(p.crm.store.dump().deals.length, p.shop.store.orders.length, 'a scheduled sync wrote one deal per order');
  t.equal(contacts(), p.shop.store.customers.length, 'and one contact per customer');

  const first = await mutateShop(p, { orders: 4, customers: 2 });
  await waitFor('a later sync to bring the change', () => has(first.ordersAdded.map(Number))() && contacts() === p.shop.store.customers.length);
  t.pass('a later scheduled sync brought the new orders and customers');
  const changed = p.shop.store.order(Number(first.ordersChanged[0]))!;
  t.ok(dealsByKey(p).has(orderGid(changed.id)), 'and the changed ones are still one deal each');
  t.equal(p.crm.store.dump().deals.length, p.shop.store.orders.length, 'no deal twice');

  // Paused from another process while the daemon holds the store: the request is left beside it.
  const pause = await datongIn(p, 'pause', p.pipeline, '--reason', 'CRM maintenance', '--actor', 'dana');
  t.equal(pause.code, 0, `pause succeeds while the daemon holds the store (stderr: ${pause.stderr})`);
  t.match(pause.stdout, new RegExp(`paused by dana \\(applied by pid ${daemon.pid}`), 'the daemon applied it');
  // A sync running at the pause stops at its next batch boundary; from the first skip on, none runs.
  await waitFor('a scheduled sync to be skipped', () => SKIPPED.test(daemon.log()));
  const second = await mutateShop(p, { orders: 4, customers: 2 });
  const skippedBefore = occurrences(daemon.log(), SKIPPED);
  await waitFor('two more scheduled syncs to be skipped', () => occurrences(daemon.log(), SKIPPED) >= skippedBefore + 2);
  t.notOk(second.ordersAdded.some((id) => dealsByKey(p).has(orderGid(id))), 'while paused, the new orders are not written');
  t.match(daemon.log(), /skipped, pipeline \S+ is paused \(by dana at \S+: CRM maintenance\)/, 'the log says why each sync was skipped');

  const resume = await datongIn(p, 'resume', p.pipeline, '--actor', 'dana');
  t.equal(resume.code, 0);
  t.match(resume.stdout, /resumed by dana/);
  await waitFor('a sync after the resume to bring the new orders', has(second.ordersAdded.map(Number)));
  t.pass('after resume, the next scheduled sync writes what changed while paused');

  daemon.signal('SIGTERM');
  const exit = await exitOf(daemon);
  t.ok(exit, 'the daemon exits after SIGTERM');
  t.equal(exit?.code, 0, 'exit 0: a clean stop');
  t.match(exit?.stderr, /SIGTERM: stopping: no new job starts/);
  t.match(exit?.stderr, /daemon stopped/);

  const status = JSON.parse((await datongIn(p, 'status', p.pipeline, '--json', '--limit', '100')).stdout) as { runs: { id: string; status: string }[]; paused: unknown };
  t.same(status.runs.filter((r) => r.status === 'running'), [], 'no run is left running');
  t.ok(status.runs.length >= 3, `the daemon's runs are recorded (${status.runs.length})`);
  t.equal(status.paused, null, 'and the pipeline is not paused');
  t.equal(new Set(p.crm.store.dump().deals.map((d) => d.properties.datong_key)).size, p.shop.store.orders.length, 'HubSpot ends with one deal per order');
});

t.test('a pipeline without a schedule: the daemon refuses, saying what to add', async (t) => {
  const p = await crmProject(t, 'daemon-unscheduled');
  const refused = await datongIn(p, 'daemon', p.pipeline);
  t.equal(refused.code, 2, 'exit 2: it does not start, the pipeline file lacks what it needs');
  t.match(refused.stderr, /pipeline\.yaml has no schedule: add `schedule: \{ sync: "\*\/5 \* \* \* \*" \}`/, 'the message says what to add');
});
