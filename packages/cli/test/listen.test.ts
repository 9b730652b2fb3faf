import t from 'tap';
import { createHmac } from 'node:crypto';
import { appendFileSync } from 'node:fs';
import { startBackground, waitFor } from './helpers/background-cli.js';
import { crmProject, datongIn, mutateShop } from './helpers/crm-project.js';
import { appendToPipeline, dealsByKey, editFile, orderGid } from './helpers/operator-cli.js';

const SECRET = 'shpss_listen_test_4c1d';

interface ListenStatus {
  runs: { started: number; finished: number; failed: number };
  scheduledRuns: { started: number; finished: number; failed: number };
  pushes: Record<string, { accepted: number; rejected: number; duplicates: number; reasons: Record<string, number> }>;
}

t.test('datong listen: Shopify pushes verified on the raw body become incremental runs; forged ones are refused and counted; a lost push is caught by the schedule', async (t) => {
  const p = await crmProject(t, 'listen', { customers: 10, orders: 24 });
  editFile(p.pipeline, (text) => text.replace('      accessToken: { env: SHOPIFY_ACCESS_TOKEN }', '      accessToken: { env: SHOPIFY_ACCESS_TOKEN }\n      webhookSecret: { env: SHOPIFY_WEBHOOK_SECRET }'));
  // A sync every 4 seconds: what no push announces arrives anyway.
  appendToPipeline(p, 'schedule: { sync: "*/4 * * * * *" }\n');
  appendFileSync(`${p.dir}/.env`, `SHOPIFY_WEBHOOK_SECRET=${SECRET}\n`);
  t.equal((await datongIn(p, 'run', 'pipeline.yaml', '--json')).code, 0, 'the first full run');

  const listener = startBackground(t, ['listen', 'pipeline.yaml', '--port', '0', '--debounce', '200'], { cwd: p.dir, env: { DATABASE_URL: '' } });
  let base = '';
  await waitFor('the listener to listen', () => {
    base = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(listener.log())?.[1] ?? '';
    return base !== '';
  });
  const status = async () => (await (await fetch(`${base}/status`)).json()) as ListenStatus;

  // Forged and unsigned pushes: refused before anything runs, counted by reason, no secret echoed.
  const body = JSON.stringify({ id: 1, total_price: '1.00' });
  const forged = await fetch(`${base}/hooks/shop`, { method: 'POST', body, headers: { 'x-shopify-topic': 'orders/updated', 'x-shopify-hmac-sha256': createHmac('sha256', 'not-the-secret').update(body).digest('base64') } });
  t.equal(forged.status, 401, 'a push signed with another secret is refused');
  const unsigned = await fetch(`${base}/hooks/shop`, { method: 'POST', body, headers: { 'x-shopify-topic': 'orders/updated' } });
  t.equal(unsigned.status, 401, 'an unsigned push is refused');
  t.notMatch(await unsigned.text(), SECRET);
  t.equal((await fetch(`${base}/hooks/nowhere`, { method: 'POST', body })).status, 404);
  t.match((await status()).pushes.shop, { rejected: 2, accepted: 0 });

  // The shop pushes its changes to the listener: order updates become a run of customers + orders.
  await fetch(`${p.shop.url}/_emulator/webhooks`, { method: 'POST', body: JSON.stringify({ url: `${base}/hooks/shop`, secret: SECRET, topics: ['orders/create', 'orders/updated'] }) });
  const changed = await mutateShop(p, { orders: 4 });
  t.equal(changed.ordersAdded.length, 2);
  await waitFor('a push run and the new orders in HubSpot', async () => {
    const deals = dealsByKey(p);
    return (await status()).runs.finished >= 1 && changed.ordersAdded.every((id) => deals.has(orderGid(id)));
  });
  const afterPush = await status();
  t.ok(afterPush.pushes.shop!.accepted >= 6, `every push accepted (${afterPush.pushes.shop!.accepted})`);
  t.ok(afterPush.runs.finished >= 1, `a push run finished (${JSON.stringify(afterPush.runs)})`);
  t.equal(afterPush.runs.failed, 0);

  // A change the shop does not push (customers are not subscribed): the schedule catches it.
  const edited = (await (await fetch(`${p.shop.url}/_emulator/edit-customer`, { method: 'POST', body: JSON.stringify({ index: 0, email: 'caught.by.schedule@example.com' }) })).json()) as { id: number };
  const pushRuns = (await status()).runs.started;
  await waitFor('the unpushed change in HubSpot', () => p.crm.store.dump().contacts.some((c) => c.properties.email === 'caught.by.schedule@example.com'));
  await waitFor('the scheduled run to finish', async () => (await status()).scheduledRuns.finished >= 1);
  t.equal((await status()).runs.started, pushRuns, 'by a scheduled run: no push run started since');
  t.ok(edited.id > 0);

  listener.signal('SIGTERM');
  const exit = await listener.exited;
  t.equal(exit.code, 0, 'SIGTERM stops it cleanly');
  t.match(exit.stderr, /listen stopped: shop: \d+ accepted, 2 rejected/);
  t.match(exit.stderr, /push to \/hooks\/shop rejected \(401\)/);
  t.notMatch(exit.stderr, SECRET);
  t.equal(p.crm.store.dump().deals.length, p.shop.store.orders.length, 'one deal per order: pushes and schedule together wrote nothing twice');
  const after = JSON.parse((await datongIn(p, 'run', 'pipeline.yaml', '--json')).stdout) as { counts: { written: number } };
  t.equal(after.counts.written, 0, 'a run after it finds nothing left to write: every change arrived');
});
