import t from 'tap';
import { createServer } from 'node:http';
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { verifyAlertSignature } from '@datong/core';
import { summaryOf } from './helpers/cli-process.js';
import { crmProject, datongIn } from './helpers/crm-project.js';

// `datong reconcile` over the emulators: a contact deleted in HubSpot, one edited by hand and a
// deal whose amount was changed are found by key (with the day's total that no longer adds up),
// the report is stored and shown by status, a signed alert reaches the webhook, and `--repair`
// puts exactly those records right.

interface Received { headers: Record<string, string | string[] | undefined>; body: string }

t.test('reconcile finds a record deleted in the CRM and one changed by hand, alerts a signed webhook, and --repair fixes both', async (t) => {
  const received: Received[] = [];
  const hook = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8').on('data', (d: string) => (body += d)).on('end', () => {
      received.push({ headers: req.headers, body });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => hook.listen(0, '127.0.0.1', resolve));
  t.teardown(() => new Promise<void>((resolve) => hook.close(() => resolve())));
  const port = (hook.address() as { port: number }).port;

  const p = await crmProject(t, 'reconcile', { customers: 12, orders: 30 });
  const secret = 'whsec-test-4d2f9a';
  appendFileSync(join(p.dir, '.env'), `ALERT_SECRET=${secret}\n`);
  const text = readFileSync(p.pipeline, 'utf8').replace(
    '    map: mappings/order-to-deal.yaml',
    '    map: mappings/order-to-deal.yaml\n    reconcile:\n      sums: [{ field: amount, day: closedate }]',
  );
  writeFileSync(p.pipeline, `${text}\nalerts:\n  webhook:\n    url: http://127.0.0.1:${port}/hooks/datong\n    secret: { env: ALERT_SECRET }\nreconcile: { threshold: 0 }\n`);
  t.equal((await datongIn(p, 'run', p.pipeline, '--json')).code, 0, 'the sync succeeds');

  const clean = await datongIn(p, 'reconcile', p.pipeline);
  t.equal(clean.code, 0, `right after a sync, nothing differs (stdout: ${clean.stdout})`);
  t.match(clean.stdout, /customers +ok +source 12, sink 12: 0 missing, 0 mismatched, 0 extra/);
  t.equal(received.length, 0, 'no alert when nothing drifted');

  // By hand in HubSpot: one contact deleted, one renamed, one closed deal's amount changed.
  const crm = p.crm.store.dump();
  const [gone, renamed] = crm.contacts.filter((c) => c.properties.datong_key);
  const deal = crm.deals.find((d) => d.properties.closedate && d.properties.amount)!;
  // The emulator's dump holds live objects: keep the values from before the edits.
  const goneKey = gone!.properties.datong_key!;
  const renamedKey = renamed!.properties.datong_key!;
  const name = renamed!.properties.firstname!;
  const amount = deal.properties.amount!;
  const dealKey = (id: string) => crm.deals.find((d) => d.id === id)!.properties.datong_key;
  const orphaned = crm.associations.filter((a) => a.fromType === 'deals' && a.toType === 'contacts' && a.toId === gone!.id).map((a) => dealKey(a.fromId)).sort();
  const call = (method: string, path: string, body: unknown) => fetch(`${p.crm.url}${path}`, {
    method, headers: { authorization: `Bearer ${p.crm.credentials.accessToken}`, 'content-type': 'application/json' }, body: JSON.stringify(body),
  });
  t.equal((await call('POST', '/crm/v3/objects/contacts/batch/archive', { inputs: [{ id: gone!.id }] })).status, 204);
  t.equal((await call('PATCH', `/crm/v3/objects/contacts/${renamed!.id}`, { properties: { firstname: 'Edited By Hand' } })).status, 200);
  t.equal((await call('PATCH', `/crm/v3/objects/deals/${deal.id}`, { properties: { amount: '1.00' } })).status, 200);

  const drift = await datongIn(p, 'reconcile', p.pipeline, '--json');
  t.equal(drift.code, 6, 'exit 6: past the threshold');
  const report = summaryOf(drift);
  const customers = report.stages.find((s: { stage: string }) => s.stage === 'customers');
  const orders = report.stages.find((s: { stage: string }) => s.stage === 'orders');
  t.same(customers.missing, [goneKey], 'the deleted contact is missing, by key');
  t.same(customers.mismatched.map((m: { key: string }) => m.key), [renamedKey], 'the renamed one is mismatched');
  t.same(customers.mismatched[0].diff, [{ field: 'firstname', before: 'Edited By Hand', after: name }], 'with the field, what HubSpot holds and what the shop says');
  t.same(customers.extra, [], 'nothing extra');
  const dealMismatch = orders.mismatched.find((m: { key: string }) => m.key === deal.properties.datong_key);
  t.same(dealMismatch?.diff, [{ field: 'amount', before: '1.00', after: amount }], 'the deal whose amount changed');
  const day = deal.properties.closedate!.slice(0, 10);
  t.match(orders.sums, [{ field: 'amount', day, sink: Number }], `and the total of ${day} no longer adds up`);
  const unlinked = orders.mismatched.filter((m: { diff: { field: string }[] }) => m.diff.some((d) => d.field === 'contact_key')).map((m: { key: string }) => m.key).sort();
  t.same(unlinked, orphaned, `the deals of the deleted contact lost their association with it (${orphaned.length})`);

  t.equal(received.length, 1, 'one alert reached the webhook');
  const alert = received[0]!;
  t.ok(verifyAlertSignature(secret, alert.headers['x-datong-signature'] as string, alert.body), 'its signature verifies with the shared secret over the raw body');
  t.notOk(verifyAlertSignature('another-secret', alert.headers['x-datong-signature'] as string, alert.body), 'and not with another secret');
  t.notOk(verifyAlertSignature(secret, alert.headers['x-datong-signature'] as string, alert.body.replace('customers', 'Customers')), 'nor over a tampered body');
  const body = JSON.parse(alert.body) as { kind: string; pipeline: string; detail: { stages: { stage: string; missing: string[]; mismatched: string[] }[] } };
  t.equal(body.kind, 'reconcile.drift');
  t.match(body.detail.stages.find((s) => s.stage === 'customers'), { missing: [goneKey], mismatched: [renamedKey] });
  t.equal(alert.headers['x-datong-event'], 'reconcile.drift');

  const status = await datongIn(p, 'status', p.pipeline);
  t.match(status.stdout, /customers +\S+ +source 12, sink 11: 1 missing, 1 mismatched, 0 extra +DRIFT/, 'status shows the drift');

  const repair = await datongIn(p, 'reconcile', p.pipeline, '--repair', '--actor', 'ops-carol');
  t.equal(repair.code, 0, `--repair puts it right (stdout: ${repair.stdout})`);
  t.match(repair.stdout, /repaired in run run-\S+: succeeded/);
  const after = p.crm.store.dump();
  const back = after.contacts.filter((c) => c.properties.datong_key === goneKey);
  t.equal(back.length, 1, 'the deleted contact is back, once');
  t.equal(after.contacts.find((c) => c.id === renamed!.id)?.properties.firstname, name, 'the renamed one has its name back');
  t.equal(after.deals.find((d) => d.id === deal.id)?.properties.amount, amount, 'the deal its amount');
  const relinked = after.associations.filter((a) => a.fromType === 'deals' && a.toType === 'contacts' && a.toId === back[0]!.id).map((a) => dealKey(a.fromId)).sort();
  t.same(relinked, orphaned, 'and its deals are associated with it again');

  const again = await datongIn(p, 'reconcile', p.pipeline);
  t.equal(again.code, 0, `and a new reconciliation finds nothing (stdout: ${again.stdout})`);
  t.match(again.stdout, /customers +ok +source 12, sink 12: 0 missing, 0 mismatched, 0 extra/);
  t.match(again.stdout, /orders +ok +source 30, sink 30: 0 missing, 0 mismatched, 0 extra/);
  t.match((await datongIn(p, 'audit', p.pipeline)).stdout, /ops-carol +repair/, 'the repair is in the audit trail');
});
