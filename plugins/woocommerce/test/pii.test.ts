import { SeedData } from '@datong/sdk/emulator';
import { SeededRandom } from '@datong/sdk';
import t from 'tap';
import { configFor, emulator, openStream, readAll } from './helpers/woo.js';

t.test('guests have no customer id: billing email is their identity; registered buyers carry theirs', async (t) => {
  const emu = await emulator(t, { orders: 60 });
  const { stream, ctx } = await openStream(configFor(emu), 'orders');
  const read = await readAll(stream, ctx);
  const byId = new Map(emu.store.orders.map((o) => [String(o.id), o]));
  const guests = read.records.filter((r) => byId.get(String(r.id))!.customerId === 0);
  t.ok(guests.length > 0, 'the store has guest orders');
  for (const r of guests) {
    t.equal(r.customer_id, null, `guest order ${r.id}: no customer id (WooCommerce's 0)`);
    t.equal(r.customer_email, (r.billing as { email: string }).email, 'billing.email kept as the buyer\'s email');
  }
  for (const r of read.records.filter((r) => r.customer_id !== null)) {
    t.equal(r.customer_id, String(byId.get(String(r.id))!.customerId));
  }
  const customers = await openStream(configFor(emu), 'customers');
  const people = await readAll(customers.stream, customers.ctx);
  const ids = new Set(people.records.map((c) => c.id));
  t.ok(read.records.filter((r) => r.customer_id !== null).every((r) => ids.has(r.customer_id)), 'every customer_id on an order is a customer of the customers stream');
});

t.test('phones and names are kept as the buyer typed them, never rewritten', async (t) => {
  const emu = await emulator(t, { orders: 20 });
  const { stream, ctx } = await openStream(configFor(emu), 'orders');
  const read = await readAll(stream, ctx);
  for (const r of read.records) {
    const order = emu.store.order(Number(r.id))!;
    t.equal(r.customer_phone, order.buyer.phone);
    t.equal(r.customer_name, `${order.buyer.firstName} ${order.buyer.lastName}`);
  }
});

t.test('shared buyers: registered, own the first orders, and keep their id across emulators of the same store', async (t) => {
  const seed = new SeedData(new SeededRandom(42));
  const buyers = [seed.person('zh'), seed.person('en'), seed.person()];
  const a = await emulator(t, { buyers, seed: 3 });
  const b = await emulator(t, { buyers, seed: 3, orders: 10 });
  for (const [i, person] of buyers.entries()) {
    const order = a.store.orders.find((o) => o.buyer.email === person.email);
    t.ok(order, `${person.name} has an order`);
    t.not(order!.customerId, 0);
    t.equal(a.store.customer(order!.customerId)?.person.phone, person.phone);
    t.equal(b.store.customers[i]!.id, a.store.customers[i]!.id, 'the same id in another run');
  }
});
