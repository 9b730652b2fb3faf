import t from 'tap';
import { cpSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runDatong } from '@datong/cli';
import { runUntilFault } from './helpers/crash-run.js';
import { CRMS, envLines } from './helpers/crm-adapters.js';

const example = fileURLToPath(new URL('../crm-sinks', import.meta.url));
const examples = fileURLToPath(new URL('..', import.meta.url));
const datong = (dir: string, ...args: string[]) => runDatong(args, { cwd: dir, env: { DATABASE_URL: '' } });
const lines = (file: string) => readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
const CUSTOMERS = lines(join(example, 'shop', 'customers.ndjson'));
const ORDERS = lines(join(example, 'shop', 'orders.ndjson'));

for (const crm of CRMS) {
  t.test(`examples/crm-sinks/${crm.name}.yaml: a crash between the CRM write and datong's commit, the rerun, a change, its rollback`, async (t) => {
    const emulator = await crm.start();
    t.teardown(() => emulator.close());
    const dir = t.testdir({});
    cpSync(example, dir, { recursive: true });
    symlinkSync(join(examples, 'node_modules'), join(dir, 'node_modules'));
    writeFileSync(join(dir, '.env'), envLines(crm.name, emulator));
    const pipeline = `${crm.name}.yaml`;

    // Killed after the CRM took the first batch of customers, before datong recorded it.
    const killed = await runUntilFault(dir, 'after-sink-write:1', 'run', pipeline);
    t.equal(killed.faultReached, 'after-sink-write', `the run reached the kill point (stderr: ${killed.stderr.slice(-800)})`);
    t.equal(killed.signal, 'SIGKILL', 'and died there');
    t.ok(crm.customers(emulator).size > 0, 'the CRM holds the batch written before the crash');

    const rerun = await datong(dir, 'run', pipeline, '--json');
    t.equal(rerun.code, 0, `the rerun completes: ${rerun.stderr.slice(-2000)}`);
    const customers = crm.customers(emulator);
    t.same([...customers.keys()].sort(), CUSTOMERS.map((c) => c.customer_id).sort(), 'every customer is in the CRM');
    t.same([...customers.values()].filter((c) => c.count !== 1), [], 'each once: the replayed batch created no second record');
    const orders = crm.orders(emulator);
    t.same([...orders.keys()].sort(), ORDERS.map((o) => o.order_id).sort(), 'every order is in the CRM');
    t.same([...orders.values()].filter((o) => o.count !== 1), [], 'each order once');
    t.same(Object.fromEntries([...orders].map(([k, o]) => [k, o.customerKey])), Object.fromEntries(ORDERS.map((o) => [o.order_id, o.customer_id])), 'each order linked to its customer');

    // A customer changes in the shop; the run carries it to the CRM; its rollback restores the CRM.
    const before = customers.get('c-1002')!.name;
    writeFileSync(join(dir, 'shop', 'customers.ndjson'), `${CUSTOMERS.map((c) => JSON.stringify(c.customer_id === 'c-1002' ? { ...c, family_name: 'Lee', tier: 'gold' } : c)).join('\n')}\n`);
    const change = await datong(dir, 'run', pipeline, '--json');
    t.equal(change.code, 0, change.stderr.slice(-1000));
    const changed = JSON.parse(change.stdout) as { runId: string; counts: { written: number } };
    t.equal(changed.counts.written, 1, 'only the changed customer is written');
    t.match(String(crm.customers(emulator).get('c-1002')!.name), /\bLee\b/, 'the CRM has the new name');
    const rollback = await datong(dir, 'rollback', pipeline, changed.runId);
    t.equal(rollback.code, 0, `rollback: ${rollback.stdout.slice(-500)}${rollback.stderr.slice(-1000)}`);
    t.equal(crm.customers(emulator).get('c-1002')!.name, before, 'the rollback restored the previous name');
    t.equal(crm.customers(emulator).size, CUSTOMERS.length, 'and created or removed no one');
  });
}
