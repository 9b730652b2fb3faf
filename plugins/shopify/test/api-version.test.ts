import t from 'tap';
import { configFor, emulator, openStream, readAll } from './helpers/shopify.js';

const post = async (url: string, token: string, query: string) => {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-shopify-access-token': token }, body: JSON.stringify({ query }) });
  return (await response.json()) as { data?: any; errors?: { message: string }[] };
};

t.test('2025-01 has no defaultEmailAddress: the emulator refuses it as Shopify does', async (t) => {
  const emu = await emulator(t, { customers: 5 });
  const token = emu.credentials.accessToken!;
  const old = await post(`${emu.url}/admin/api/2025-01/graphql.json`, token, '{ customers(first: 1) { nodes { defaultEmailAddress { emailAddress } } } }');
  t.match(old.errors?.[0]?.message, "Field 'defaultEmailAddress' doesn't exist on type 'Customer'");
  const fresh = await post(`${emu.url}/admin/api/2025-04/graphql.json`, token, '{ customers(first: 1) { nodes { defaultEmailAddress { emailAddress } } } }');
  t.equal(fresh.errors, undefined);
});

for (const apiVersion of ['2025-01', '2025-04', '2025-07']) {
  t.test(`API ${apiVersion}: customers and order buyers keep their email and phone`, async (t) => {
    const emu = await emulator(t, { customers: 20, orders: 20 });
    const config = configFor(emu, { apiVersion });
    const customers = await openStream(config, 'customers');
    const read = await readAll(customers.stream, customers.ctx);
    const byId = new Map(emu.store.customers.map((c) => [`gid://shopify/Customer/${c.id}`, c]));
    for (const record of read.records) {
      const held = byId.get(String(record.id))!;
      t.equal(record.email, held.email, `${record.id} email`);
      t.equal(record.phone, held.phone, `${record.id} phone`);
    }
    const orders = await openStream(config, 'orders');
    const withBuyer = (await readAll(orders.stream, orders.ctx)).records.filter((r) => r.customer_id);
    t.ok(withBuyer.length > 0);
    for (const order of withBuyer) t.equal(order.customer_email, byId.get(String(order.customer_id))!.email, `${order.name} buyer email`);
    const queries = emu.kit.requests.map((r) => String((r.body as { query?: string } | undefined)?.query ?? ''));
    const usesNew = queries.some((q) => q.includes('defaultEmailAddress'));
    t.equal(usesNew, apiVersion >= '2025-04', `the ${apiVersion} queries ${usesNew ? 'use' : 'do not use'} defaultEmailAddress`);
  });
}
