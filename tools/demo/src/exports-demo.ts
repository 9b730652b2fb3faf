#!/usr/bin/env node
/**
 * `pnpm demo:exports`: a real sync on the embedded default. Generates a Tmall shop's exports (members as
 * NDJSON, orders as GBK CSV with Chinese headers, a few bad rows among them), syncs them into the
 * embedded warehouse with `datong run`, then runs again (nothing new: nothing moves), then once
 * more after the next day's export arrives (only what changed moves).
 */
import { rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { main } from '@datong/cli';
import { openStore } from '@datong/store';
import { generateDay1, generateDay2 } from './shop-export-generator.js';

const require = createRequire(import.meta.url);
const exampleDir = join(dirname(require.resolve('@datong/examples/package.json')), 'shop-exports');
const pipeline = join(exampleDir, 'pipeline.yaml');
const shown = relative(process.cwd(), pipeline);
const say = (text: string) => process.stdout.write(`${text}\n`);
const datong = async (...args: string[]) => {
  say(`\n$ datong ${args.join(' ')}`);
  return main(['node', 'datong', ...args]);
};

rmSync(join(exampleDir, 'data'), { recursive: true, force: true });
rmSync(join(exampleDir, '.datong'), { recursive: true, force: true });
const day1 = generateDay1(join(exampleDir, 'data'));
say(`datong demo: a Tmall shop's exports -> the embedded Postgres warehouse`);
say(`generated ${day1.members} members (NDJSON) and ${day1.orders} orders (GBK CSV, Chinese headers) in ${relative(process.cwd(), join(exampleDir, 'data'))}/,`);
say(`with ${day1.badMembers} bad members and ${day1.badOrders} bad orders among them (a cut-off line, a level and a status nobody mapped, a row cut short, an amount in words, no order number)`);

const codes: number[] = [];
codes.push(await datong('validate', shown));
codes.push(await datong('run', shown, '--state', 'embedded'));
say('\nThe same exports again: nothing new, so nothing is read or written.');
codes.push(await datong('run', shown, '--state', 'embedded'));
const day2 = generateDay2(join(exampleDir, 'data'));
say(`\nThe next day's export arrives: ${day2.orders} orders (30 moved on, 10 new) and ${day2.members} members with new points.`);
codes.push(await datong('run', shown, '--state', 'embedded'));
codes.push(await datong('status', shown, '--state', 'embedded', '--limit', '3'));
codes.push(await datong('dead-letters', 'list', shown, '--state', 'embedded', '--limit', '3'));

const store = await openStore({ dir: join(exampleDir, '.datong'), command: 'datong demo' });
try {
  const sql = store.embeddedSql!;
  const { rows: counts } = await sql.query<{ orders: number; customers: number }>(
    'select (select count(*)::int from public.orders) as orders, (select count(*)::int from public.customers) as customers');
  const { rows: sample } = await sql.query(
    `select order_id, lifecycle_status, payment_status, fulfillment_status, refund_status, total::text, created_at
       from public.orders order by order_id limit 3`);
  say(`\nThe warehouse (public.orders, public.customers in ${relative(process.cwd(), join(exampleDir, '.datong'))}/) now holds ${counts[0]!.orders} orders and ${counts[0]!.customers} customers; the first orders:`);
  for (const row of sample) say(`  ${JSON.stringify(row)}`);
} finally {
  await store.close();
}
say(`\nWhere to look next:
  node packages/cli/dist/bin.js status ${shown} --state embedded
  node packages/cli/dist/bin.js dead-letters list ${shown} --state embedded`);
// Exit 3 from a run means "done, with dead letters", which is what this demo's bad rows should do.
const unexpected = codes.filter((c) => c !== 0 && c !== 3);
process.exitCode = unexpected.length > 0 ? 1 : 0;
