import t from 'tap';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { identityIdFor } from '@datong/identity';
import { openStore } from '@datong/store';
import { summaryOf } from './helpers/cli-process.js';
import { crmProject, datongIn, stageOf } from './helpers/crm-project.js';

// A real sync through the `datong` command: a project made by `datong init`, the Shopify and
// HubSpot emulators over HTTP on 127.0.0.1, the embedded state store.

t.test('init, validate, check, a full sync, then an incremental one that moves only what changed', async (t) => {
  const p = await crmProject(t, 'sync');
  t.equal((await datongIn(p, 'validate', p.pipeline)).code, 0, 'the project datong init made is valid as it is');

  // A status value the shop can send and the map forgot is caught before anything runs.
  const dealMap = join(p.dir, 'mappings', 'order-to-deal.yaml');
  const complete = readFileSync(dealMap, 'utf8');
  writeFileSync(dealMap, complete.replace(/^ +pending: qualifiedtobuy\n/m, ''));
  const incomplete = await datongIn(p, 'validate', p.pipeline);
  t.equal(incomplete.code, 2, 'exit 2: the mapping is incomplete');
  t.match(incomplete.stderr, /order-to-deal\.yaml:\d+.*stage orders: shop\.orders can send lifecycle_status = "pending", which the map of "dealstage" does not list/);
  writeFileSync(dealMap, complete);
  const check = await datongIn(p, 'check', p.pipeline);
  t.equal(check.code, 0, `check passes (stdout: ${check.stdout})`);
  t.match(check.stdout, /ok +source shop \[@datong\/plugin-shopify\]: ok \(streams: customers, orders\)/);
  t.match(check.stdout, /ok +sink crm \[@datong\/plugin-hubspot\]: ok/);

  const first = await datongIn(p, 'run', p.pipeline, '--json');
  t.equal(first.code, 0, `the first run succeeds (stderr: ${first.stderr.slice(-600)})`);
  const s1 = summaryOf(first);
  const customers = p.shop.store.customers.length;
  const orders = p.shop.store.orders.length;
  t.match(stageOf(s1, 'customers'), { read: customers, written: customers, created: customers, deadLettered: 0 });
  t.match(stageOf(s1, 'orders'), { read: orders, written: orders, created: orders, deadLettered: 0 });

  const crm = p.crm.store.dump();
  const synced = crm.contacts.filter((c) => c.properties.datong_key);
  t.equal(synced.length, customers, 'one contact per Shopify customer');
  t.equal(crm.contacts.length - synced.length, 3, 'the contacts people made in HubSpot by hand are left alone');
  t.equal(crm.deals.length, orders, 'one deal per Shopify order');
  const contactByKey = new Map(synced.map((c) => [c.properties.datong_key, c.id]));
  const pipelineName = /^name: (.+)$/m.exec(readFileSync(p.pipeline, 'utf8'))![1]!.trim();
  const dealByKey = new Map(crm.deals.map((d) => [d.properties.datong_key, d]));
  const withCustomer = p.shop.store.orders.filter((o) => o.customerId !== null);
  t.ok(withCustomer.length > 0);
  const associations = crm.associations;
  const unassociated = withCustomer.filter((order) => {
    const deal = dealByKey.get(`gid://shopify/Order/${order.id}`);
    // The contact's key is the customer's person: the identity its own record created (no two seeded customers share an email or phone).
    const contact = contactByKey.get(identityIdFor(pipelineName, `shop:gid://shopify/Customer/${order.customerId}`));
    return !deal || !contact || !associations.some((a) => a.fromId === deal.id && a.toId === contact);
  });
  t.same(unassociated.map((o) => o.id), [], `each of the ${withCustomer.length} orders with a customer is a deal associated with that customer's contact`);

  const changed = (await fetch(`${p.shop.url}/_emulator/mutate`, { method: 'POST', body: JSON.stringify({ orders: 7, customers: 2 }) }).then((r) => r.json())) as { ordersChanged: string[]; ordersAdded: string[]; customersChanged: string[]; customersAdded: string[] };
  const second = summaryOf(await datongIn(p, 'run', p.pipeline, '--json'));
  const moved = changed.ordersChanged.length + changed.ordersAdded.length;
  const orders2 = stageOf(second, 'orders');
  t.ok(orders2.read >= moved && orders2.read < p.shop.store.orders.length, `incremental: it read the ${moved} changed orders and a few around the watermark (${orders2.read} of ${p.shop.store.orders.length})`);
  t.equal(orders2.created, changed.ordersAdded.length, 'the new orders are created');
  t.ok(orders2.written <= moved, `only changed orders are written (${orders2.written}; an order whose deal fields did not change is left alone)`);
  t.equal(p.crm.store.dump().deals.length, p.shop.store.orders.length, 'still one deal per order');

  // The proof that the incremental run missed nothing: a full refresh finds nothing left to write.
  const full = summaryOf(await datongIn(p, 'run', p.pipeline, '--full-refresh', '--json'));
  t.match(full.counts, { read: p.shop.store.customers.length + p.shop.store.orders.length, written: 0 }, 'a full refresh after it has nothing to write');
});

t.test('a token that dies mid-run is refreshed once, a 429 storm is waited out, a daily limit stops the stage cleanly and the next run resumes; no secret anywhere', async (t) => {
  const p = await crmProject(t, 'limits', {
    oauth: true,
    crmSettings: { expireTokensAfterCalls: 6, rotateRefreshTokens: true },
    // The storm begins around the token's death: the refresh itself has to wait it out.
    crmFaults: { rateLimitAfter: 8, rateLimitCalls: 6 },
  });
  const tokenCalls = () => p.crm.kit.requests.filter((r) => r.path === '/oauth/v1/token' && r.status === 200).length;

  const first = await datongIn(p, 'run', p.pipeline, '--json');
  const why = first.code === 0 ? '' : (await datongIn(p, 'dead-letters', 'list', p.pipeline)).stdout.slice(0, 1500);
  t.equal(first.code, 0, `the run succeeds through the expiry and the ten-second limit (dead letters: ${why}; stderr: ${first.stderr.slice(-600)})`);
  t.equal(tokenCalls(), 2, 'one refresh to start (OAuth only) and exactly one when the token died mid-run');
  t.equal(p.crm.kit.requests.filter((r) => r.fault === 'rate-limit').length, 6, 'a storm of ten-second 429s was waited out');
  t.equal(p.crm.store.dump().deals.length, p.shop.store.orders.length, 'nothing lost');

  // The next day's changes meet the daily limit part-way through the orders stage.
  await fetch(`${p.shop.url}/_emulator/mutate`, { method: 'POST', body: JSON.stringify({ orders: 20 }) });
  const calls = p.crm.kit.requests.length;
  p.crm.settings.dailyLimit = p.crm.limits.dailyUsed() + 4;
  const stopped = await datongIn(p, 'run', p.pipeline, '--stage', 'orders', '--json');
  t.equal(stopped.code, 1, 'exit 1: the stage failed');
  t.match(stopped.stderr, /HubSpot daily API limit reached/, 'with the daily limit named');
  const refused = p.crm.kit.requests.slice(calls).filter((r) => r.status === 429);
  t.ok(refused.length >= 1 && refused.length <= 3, `the daily 429 was not retried (${refused.length} refused calls: one per batch in flight at most)`);

  await fetch(`${p.crm.url}/_emulator/reset-daily`, { method: 'POST', body: '{}' });
  const resumed = summaryOf(await datongIn(p, 'run', p.pipeline, '--stage', 'orders', '--json'));
  t.equal(resumed.status, 'succeeded');
  const deals = p.crm.store.dump().deals;
  t.equal(deals.length, p.shop.store.orders.length, 'every order has its deal after the resume');
  t.equal(new Set(deals.map((d) => d.properties.datong_key)).size, deals.length, 'and none twice');
  const full = summaryOf(await datongIn(p, 'run', p.pipeline, '--stage', 'orders', '--full-refresh', '--json'));
  t.equal(full.counts.written, 0, 'and every deal is current: a full refresh has nothing to write');

  // No secret in any line the command printed, nor in any row of the store.
  const store = await openStore({ dir: join(p.dir, '.datong'), command: 'test' });
  let rows = '';
  try {
    for (const table of ['runs', 'run_stages', 'stream_state', 'ledger', 'journal', 'dead_letters', 'events', 'plugin_state']) {
      const { rows: all } = await store.embeddedSql!.query(`select * from datong.${table}`);
      rows += JSON.stringify(all);
    }
  } finally {
    await store.close();
  }
  t.match(rows, /"secret":"v1\./, 'the refresh token kept in the store is sealed');
  const secrets = [
    p.shop.credentials.accessToken, p.crm.credentials.clientSecret, p.crm.credentials.refreshToken,
    ...p.crm.tokens.issuedTokens(), ...p.crm.tokens.validRefreshTokens(),
  ].filter((s): s is string => typeof s === 'string');
  const printed = p.outputs.join('\n');
  for (const secret of secrets) {
    t.notOk(printed.includes(secret), `no secret in the output (${secret.slice(0, 4)}...)`);
    t.notOk(rows.includes(secret), `no secret in the store (${secret.slice(0, 4)}...)`);
  }
});
