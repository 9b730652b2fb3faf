import t from 'tap';
import { summaryOf } from './helpers/cli-process.js';
import { crmProject, datongIn, mutateShop, stageOf } from './helpers/crm-project.js';
import { dealsByKey } from './helpers/operator-cli.js';

// Trying a pipeline before trusting it: `datong run --dry-run` plans without writing anything,
// `--limit` and `--where` write a slice without moving cursors, and the next normal run picks
// up everything as if the slices had not happened.

/** The HubSpot calls that change something: record and association writes (the first group), property definitions (the second). */
const RECORD_WRITE = /^(PATCH \/crm\/v3\/objects\/|POST \/crm\/v3\/objects\/[^/]+\/(batch\/(upsert|archive)|merge)|POST \/crm\/v4\/associations\/.*\/batch\/(create|archive))/;
const SCHEMA_WRITE = /^POST \/crm\/v3\/properties\//;

t.test('a dry run plans every stage and changes nothing; it then predicts what the real run does', async (t) => {
  const p = await crmProject(t, 'dry-run');
  const customers = p.shop.store.customers.length;
  const orders = p.shop.store.orders.length;
  const calls = () => p.crm.kit.requests.map((r) => `${r.method} ${r.path}`);

  const dry = await datongIn(p, 'run', p.pipeline, '--dry-run', '--json');
  t.equal(dry.code, 0, `the dry run succeeds (stderr: ${dry.stderr.slice(-600)})`);
  const plan = summaryOf(dry);
  t.equal(plan.kind, 'dry-run');
  t.match(stageOf(plan, 'customers'), { read: customers, created: customers, written: customers, unchanged: 0, deadLettered: 0 }, 'every customer would be created');
  t.match(stageOf(plan, 'orders'), { read: orders, created: orders, written: orders, unchanged: 0, deadLettered: 0 }, 'every order would be created (linked to the person its customer would become)');
  const customerSamples = stageOf(plan, 'customers').plan.samples as { key: string; op: string; diff: { field: string; before?: unknown; after: unknown }[] }[];
  const orderSamples = stageOf(plan, 'orders').plan.samples as typeof customerSamples;
  t.equal(customerSamples.length, 5, 'five samples per stage by default');
  t.equal(orderSamples.length, 5);
  t.ok([...customerSamples, ...orderSamples].every((s) => s.op === 'create' && s.diff.every((d) => d.before === undefined)), 'each a creation, field by field');
  t.same(calls().filter((c) => RECORD_WRITE.test(c)), [], 'HubSpot got no record written');
  t.same(p.crm.store.dump().deals, [], 'HubSpot has no deal');
  t.equal(p.crm.store.dump().contacts.filter((c) => c.properties.datong_key).length, 0, 'and no contact of ours');
  t.same(calls().filter((c) => SCHEMA_WRITE.test(c)), [], 'nor a property definition created');

  // A slice: five records per stage, for real, cursors left where they were (nowhere yet).
  const limited = await datongIn(p, 'run', p.pipeline, '--limit', '5', '--json');
  const sliced = summaryOf(limited);
  t.equal(sliced.sampled, true, 'the run says it was a slice');
  t.match(stageOf(sliced, 'customers'), { read: 5, written: 5, created: 5 }, '--limit 5 writes five customers');
  const ours = () => p.crm.store.dump().contacts.filter((c) => c.properties.datong_key);
  t.equal(ours().length, 5, 'HubSpot has those five contacts');
  const o = stageOf(sliced, 'orders');
  t.equal(o.read, 5, 'and reads five orders');
  t.equal(p.crm.store.dump().deals.length, o.written, `their deals are written (${o.written}; an order whose customer is not in the slice waits as DEFERRED: ${o.deadLettered})`);
  t.equal(o.written + o.deadLettered, 5);

  // Each sample of the plan is what HubSpot now holds for that contact, if the slice wrote it.
  const contacts = new Map(ours().map((c) => [c.properties.datong_key, c.properties]));
  for (const s of customerSamples.filter((x) => contacts.has(x.key))) {
    const planned = Object.fromEntries(s.diff.filter((d) => ['email', 'firstname', 'lastname', 'city'].includes(d.field)).map((d) => [d.field, d.after]));
    t.match(contacts.get(s.key), planned, `the plan showed what was written for ${s.key}`);
  }

  // Another slice: only the customers whose mapped email is at qq.com.
  const qq = p.shop.store.customers.filter((c) => c.email?.endsWith('@qq.com')).map((c) => c.email!);
  const before = new Set(ours().map((c) => c.properties.email));
  const where = summaryOf(await datongIn(p, 'run', p.pipeline, '--stage', 'customers', '--where', `$contains(email, '@qq.com')`, '--json'));
  const w = stageOf(where, 'customers');
  t.equal(w.skipped, customers - qq.length, `--where leaves out the ${customers - qq.length} customers not at qq.com`);
  t.same(new Set(ours().map((c) => c.properties.email)), new Set([...before, ...qq]), 'HubSpot gained exactly the qq.com contacts');
  t.equal(w.written, qq.filter((e) => !before.has(e)).length, 'each written once: those the first slice wrote are unchanged');

  const status = JSON.parse((await datongIn(p, 'status', p.pipeline, '--json')).stdout);
  t.same(status.cursors, [], 'no cursor moved: neither the dry run nor the slices');
  t.same(status.runs.map((r: { kind: string; status: string }) => r.kind), ['sync', 'sync'], 'the dry run left no run behind; the two slices are there');

  // The first normal run reads everything, as nothing moved a cursor, and writes the rest once.
  const full = summaryOf(await datongIn(p, 'run', p.pipeline, '--json'));
  t.match(stageOf(full, 'customers'), { read: customers }, 'the normal run reads every customer');
  t.equal(stageOf(full, 'orders').read, orders, 'and every order');
  const dump = p.crm.store.dump();
  t.equal(ours().length, customers, 'one contact per customer');
  t.equal(new Set(ours().map((c) => c.properties.datong_key)).size, customers, 'none twice');
  t.equal(dump.deals.length, orders, 'one deal per order');
  t.equal(dealsByKey(p).size, orders, 'none twice');

  // After a change in the shop, a dry run says what the next run will do, and it does exactly that.
  await mutateShop(p, { orders: 6, customers: 3 });
  const writes = calls().filter((c) => RECORD_WRITE.test(c)).length;
  const predicted = await datongIn(p, 'run', p.pipeline, '--dry-run');
  t.equal(calls().filter((c) => RECORD_WRITE.test(c)).length, writes, 'the second dry run writes nothing either');
  t.match(predicted.stdout, /dry run of .*: nothing was written/);
  const real = summaryOf(await datongIn(p, 'run', p.pipeline, '--json'));
  for (const stage of ['customers', 'orders']) {
    const r = stageOf(real, stage);
    const line = new RegExp(`  ${stage} +would create (\\d+), update (\\d+), leave unchanged (\\d+), hold for review 0, dead-letter (\\d+) of (\\d+) read`).exec(predicted.stdout);
    t.ok(line, `the plan has a line for ${stage}`);
    t.same(line?.slice(1).map(Number), [r.created, r.written - r.created, r.unchanged, r.deadLettered, r.read], `${stage}: the plan predicted the real run (created ${r.created}, updated ${r.written - r.created})`);
    t.ok(r.written > 0, `${stage}: something did change`);
  }
  t.match(predicted.stdout, /\n    (create|update) \S+\n      /, 'with sample diffs under it');
});
