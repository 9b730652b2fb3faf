import t from 'tap';
import { cpSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runDatong } from '@datong/cli';
import { startChannelEmulators, writeEnv } from './helpers/channel-emulators.js';

const example = fileURLToPath(new URL('../all-channels', import.meta.url));
const examples = fileURLToPath(new URL('..', import.meta.url));

/** Runs datong in this process (its output captured), in `dir`, on the embedded store. */
const datong = (dir: string, ...args: string[]) => runDatong(args, { cwd: dir, env: { DATABASE_URL: '' } });

t.test('examples/all-channels: nine channels into one HubSpot, people on several channels one contact, then incremental', async (t) => {
  const emulators = await startChannelEmulators();
  t.teardown(() => emulators.close());
  // The example as a user's project: its files, the plugins it depends on, an .env for the emulators.
  const dir = t.testdir({});
  cpSync(example, dir, { recursive: true });
  symlinkSync(join(examples, 'node_modules'), join(dir, 'node_modules'));
  writeEnv(join(dir, '.env'), emulators);
  // The deal properties the mappings fill with datong's four statuses, as an admin would add them.
  for (const name of ['datong_payment_status', 'datong_fulfillment_status', 'datong_refund_status']) {
    await fetch(`${emulators.crm.url}/crm/v3/properties/deals`, {
      method: 'POST',
      headers: { authorization: `Bearer ${emulators.crm.credentials.accessToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name, label: name, type: 'string', fieldType: 'text', groupName: 'dealinformation' }),
    });
  }

  const validate = await datong(dir, 'validate', 'pipeline.yaml');
  t.equal(validate.code, 0, `validate: ${validate.stdout}${validate.stderr}`);
  const first = await datong(dir, 'run', 'pipeline.yaml', '--json');
  t.equal(first.code, 0, `the first run: ${first.stderr.slice(-3000)}`);
  const summary = JSON.parse(first.stdout) as { counts: Record<string, number>; stages: { name: string; read: number; written: number; deadLettered: number; skipped: number }[] };
  for (const stage of summary.stages) t.ok(stage.read > 0, `${stage.name} read ${stage.read}`);

  const dump = emulators.crm.store.dump();
  const deals = dump.deals.filter((d) => d.properties.datong_key);
  const dealStages = summary.stages.filter((s) => s.name.endsWith('-deals'));
  t.equal(deals.length, dealStages.reduce((n, s) => n + s.written, 0), 'every deal written once');
  t.ok(deals.every((d) => d.properties.datong_payment_status && d.properties.datong_fulfillment_status && d.properties.datong_refund_status), 'each deal carries the four statuses apart');

  // The people who buy on WooCommerce, Youzan, Pinduoduo and the own store are one contact each.
  const contacts = dump.contacts.filter((c) => c.properties.datong_key);
  for (const person of emulators.shared) {
    const theirs = contacts.filter((c) => c.properties.phone === person.phone || c.properties.email === person.email);
    t.equal(theirs.length, 1, `${person.name} (${person.phone}) is one contact`);
    const contactId = theirs[0]?.id;
    const linked = new Set(dump.associations.filter((a) => (a.fromType === 'contacts' && a.fromId === contactId) || (a.toType === 'contacts' && a.toId === contactId)).map((a) => (a.fromType === 'deals' ? a.fromId : a.toId))).size;
    t.ok(linked >= 2, `${person.name}'s orders from several channels are on that one contact (${linked} deals)`);
  }
  t.notOk(contacts.some((c) => /\*/.test(String(c.properties.phone ?? ''))), 'no masked phone reached HubSpot');

  // Nothing changed anywhere: the next run writes nothing.
  const second = await datong(dir, 'run', 'pipeline.yaml', '--json');
  t.equal(second.code, 0);
  t.equal((JSON.parse(second.stdout) as { counts: { written: number } }).counts.written, 0, 'incremental: nothing changed, nothing written');

  // Buyers and sellers act on Tmall and JD: the next run moves exactly those orders.
  for (const platform of ['taobao', 'jd']) {
    await fetch(`${emulators.channels[platform]!.url}/_emulator/mutate`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ orders: 3 }) });
  }
  // Windows end 10 s before now (lagSeconds: what is being written right now waits a run).
  await new Promise((resolve) => setTimeout(resolve, 11_000));
  const third = await datong(dir, 'run', 'pipeline.yaml', '--json');
  t.equal(third.code, 0);
  const moved = JSON.parse(third.stdout) as { stages: { name: string; written: number }[] };
  const written = (name: string) => moved.stages.find((s) => s.name === name)!.written;
  t.ok(written('tmall-deals') >= 1 && written('tmall-deals') <= 6, `Tmall's changed orders written (${written('tmall-deals')})`);
  t.ok(written('jd-deals') >= 1 && written('jd-deals') <= 6, `JD's changed orders written (${written('jd-deals')})`);
  t.equal(moved.stages.filter((s) => !/^(tmall|jd)-/.test(s.name)).reduce((n, s) => n + s.written, 0), 0, 'the other channels wrote nothing');
});
