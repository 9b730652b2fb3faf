import t from 'tap';
import { summaryOf } from './helpers/cli-process.js';
import { crmProject, datongIn, datongWith, mutateShop, stageOf } from './helpers/crm-project.js';
import { appendToPipeline, dealsByKey, jsonLines, orderGid } from './helpers/operator-cli.js';

// The review queue through the `datong` command: review rules in the pipeline file hold the records
// a person must see before they reach HubSpot; `datong review` lists, shows, approves and rejects
// them, and `datong audit` remembers who decided.

const BIG = 1000;

t.test('big orders wait for a person; rejected ones stay out, approved ones are written once; an email change waits too', async (t) => {
  const p = await crmProject(t, 'review');
  appendToPipeline(p, `
review:
  - { stage: orders, name: big-orders, when: "$number(amount) >= ${BIG}", reason: "big order" }
  - { stage: customers, name: email-change, when: "$before and $before.email != email", reason: "the email of a known contact changed" }
`);
  const orders = p.shop.store.orders.length;
  const customers = p.shop.store.customers.length;

  const first = await datongIn(p, 'run', p.pipeline, '--json');
  t.equal(first.code, 0, `a run that holds records still succeeds (stderr: ${first.stderr.slice(-600)})`);
  const s1 = stageOf(summaryOf(first), 'orders');
  const deals = dealsByKey(p);
  const held = orders - deals.size;
  t.ok(held > 0, `some orders are big enough to be held (${held})`);
  t.match(s1, { read: orders, written: orders - held, held, deadLettered: 0 }, 'the summary counts the held orders apart from the written ones');
  t.same([...deals.values()].filter((d) => Number(d.amount) >= BIG), [], 'HubSpot has no deal of a big order');
  t.equal(p.crm.store.dump().contacts.filter((c) => c.properties.datong_key).length, customers, 'every customer is a contact: a new contact has no $before, so the email rule holds none');

  // What a reviewer sees.
  const pending = jsonLines(await datongIn(p, 'review', 'list', p.pipeline, '--json'));
  t.equal(pending.length, held, 'review list has every held order');
  t.ok(pending.every((r) => r.stage === 'orders' && r.rule === 'big-orders' && r.status === 'pending' && Number(r.record.amount) >= BIG), 'each one pending, by the big-orders rule, with its record');
  t.same(new Set(pending.map((r) => r.record_key)).size, held, 'each order once');
  const list = await datongIn(p, 'review', 'list', p.pipeline);
  for (const r of pending) t.match(list.stdout, `#${r.id} [orders] ${r.record_key}  pending  rule "big-orders" (big order)`, `the text list shows #${r.id}`);

  const [rejected, approvedLater, ...rest] = pending;
  const show = await datongIn(p, 'review', 'show', p.pipeline, String(rejected!.id));
  t.equal(show.code, 0);
  t.match(show.stdout, `review #${rejected!.id} [orders] ${rejected!.record_key}: pending`);
  t.match(show.stdout, /held by rule "big-orders" — big order/);
  t.match(show.stdout, /would create it in the sink:/);
  t.match(show.stdout, `+ amount: "${rejected!.record.amount}"`, 'the diff shows the amount that would be written');
  t.match(show.stdout, `+ dealname: "${rejected!.record.dealname}"`);

  // One is rejected for good, one approved for the next run, the rest approved and written at once.
  const reject = await datongIn(p, 'review', 'reject', p.pipeline, String(rejected!.id), '--reason', 'test order, not a sale', '--actor', 'alice');
  t.equal(reject.code, 0);
  t.match(reject.stdout, 'rejected 1 review(s) as alice (test order, not a sale)');
  const approveOne = await datongWith(p, { DATONG_ACTOR: 'bob' }, 'review', 'approve', p.pipeline, String(approvedLater!.id), '--reason', 'checked with the customer');
  t.match(approveOne.stdout, /approved 1 review\(s\) as bob .*\nthe next run writes them/);
  t.notOk(dealsByKey(p).has(approvedLater!.record_key), 'approved without --apply: not written yet');

  // Meanwhile a known customer's email changes in the shop, and other customers change in ways no rule cares about.
  // (The emulator runs in this process: its customer object is edited in place, so its old email is kept apart.)
  const edited = p.shop.store.customers.find((c) => c.email !== null)!;
  const oldEmail = edited.email!;
  const contact = p.crm.store.dump().contacts.find((c) => c.properties.email === oldEmail)!;
  await fetch(`${p.shop.url}/_emulator/edit-customer`, { method: 'POST', body: JSON.stringify({ id: edited.id, email: 'changed.address@example.com' }) });
  const changed = await mutateShop(p, { customers: 3, orders: 0 });

  const third = await datongIn(p, 'run', p.pipeline, '--json');
  t.equal(third.code, 0);
  const s3 = summaryOf(third);
  const o3 = stageOf(s3, 'orders');
  t.ok(o3.read < orders, `the next run does not read every order again: the cursor moved past the held ones (${o3.read} read)`);
  // The mutation adds an order too: held if it is big, like any other.
  const heldNew = changed.ordersAdded.filter((id) => !dealsByKey(p).has(orderGid(id)));
  t.equal(o3.held, heldNew.length, `and holds only a new big order (${heldNew.length}), not the waiting ones again`);
  t.ok(o3.written >= 1, 'it writes the approved order');
  t.equal(dealsByKey(p).get(approvedLater!.record_key)?.amount, approvedLater!.record.amount, 'HubSpot now has its deal');
  t.equal(stageOf(s3, 'customers').held, 1, 'the customer whose email changed is held');
  t.ok(stageOf(s3, 'customers').written >= changed.customersAdded.length, `the other changed customers are written (${stageOf(s3, 'customers').written})`);
  t.equal(p.crm.store.dump().contacts.find((c) => c.id === contact.id)!.properties.email, oldEmail, 'HubSpot keeps the old email until someone approves');

  const approveAll = await datongIn(p, 'review', 'approve', p.pipeline, '--all', '--stage', 'orders', '--reason', 'ok', '--apply', '--actor', 'alice');
  t.equal(approveAll.code, 0, `approve --apply succeeds (stderr: ${approveAll.stderr.slice(-600)})`);
  const approved = rest.length + heldNew.length;
  t.match(approveAll.stdout, `approved ${approved} review(s) as alice (ok)`, '--stage orders approves the held orders, not the held customer');
  t.match(approveAll.stdout, `: ${approved} written (${approved} created), 0 dead-lettered`, 'and writes them at once');
  const after = p.crm.store.dump().deals;
  t.equal(after.length, p.shop.store.orders.length - 1, 'HubSpot has every deal but the rejected one');
  t.equal(new Set(after.map((d) => d.properties.datong_key)).size, after.length, 'each once');
  t.notOk(dealsByKey(p).has(rejected!.record_key), 'the rejected order is not in HubSpot');

  const queue = jsonLines(await datongIn(p, 'review', 'list', p.pipeline, '--status', 'all', '--json'));
  t.same(queue.filter((r) => r.stage === 'orders').map((r) => [r.record_key, r.status]),
    [...pending.map((r) => r.record_key), ...heldNew.map(orderGid)].map((key) => [key, key === rejected!.record_key ? 'rejected' : 'applied']), 'the queue remembers each decision: rejected, or applied');
  t.match(queue.filter((r) => r.stage === 'customers'), [{
    rule: 'email-change', status: 'pending', record_key: contact.properties.datong_key,
    record: { email: 'changed.address@example.com' }, before: { email: oldEmail },
  }], 'the email change waits, with the new email and the contact as HubSpot has it');

  const audit = jsonLines(await datongIn(p, 'audit', p.pipeline, '--json'));
  const decisions = audit.filter((e) => e.kind.startsWith('operator.review.')).reverse();
  t.match(decisions.map((e) => [e.kind, e.actor, e.detail.reason, e.detail.reviews.length]), [
    ['operator.review.reject', 'alice', 'test order, not a sale', 1],
    ['operator.review.approve', 'bob', 'checked with the customer', 1],
    ['operator.review.approve', 'alice', 'ok', approved],
  ], 'audit has each decision with who made it (--actor, DATONG_ACTOR) and why');

  // Reading the orders again from the start finds the rejected one unchanged: it stays out, and out of the queue.
  const again = stageOf(summaryOf(await datongIn(p, 'run', p.pipeline, '--stage', 'orders', '--full-refresh', '--json')), 'orders');
  t.notOk(dealsByKey(p).has(rejected!.record_key), 'a full refresh does not write the rejected order');
  t.equal(again.held, 0, 'nor puts it back in the queue as pending (nor the approved ones: they are unchanged too)');
  t.equal(again.written, 0, 'and writes nothing: every other order is unchanged');
});
