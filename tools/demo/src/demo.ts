#!/usr/bin/env node
/**
 * `pnpm demo`: a real sync on the embedded default, from a Shopify store into HubSpot — both
 * played by their emulators over real HTTP on 127.0.0.1. `datong init` makes the project,
 * `datong emulate` runs the two platforms, then: validate, check, a full run with a progress bar
 * and a summary, some orders change in the shop, and an incremental run moves only those. Then a
 * second channel (a Tmall export) joins: its members overlapping the shop's customers become the
 * same contacts, and two contacts found to be one person are merged in HubSpot.
 */
import { mkdirSync, rmSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { emulateCommand, main } from '@datong/cli';
import type { RunningEmulator } from '@datong/sdk/emulator';
import { addTmallChannel, type DumpedContact } from './tmall-channel.js';

const demoDir = dirname(dirname(fileURLToPath(import.meta.url)));
const project = join(demoDir, '.demo-work', 'shopify-to-hubspot');
const shown = relative(process.cwd(), project) || '.';
const pipeline = join(shown, 'pipeline.yaml');
const say = (text: string) => process.stdout.write(`${text}\n`);
const datong = async (...args: string[]) => {
  say(`\n$ datong ${args.join(' ')}`);
  return main(['node', 'datong', ...args]);
};

rmSync(project, { recursive: true, force: true });
mkdirSync(dirname(project), { recursive: true });
say('datong demo: a Shopify store -> HubSpot, both emulated on 127.0.0.1, on the embedded state store');
const codes: number[] = [];
codes.push(await datong('init', shown));

// The emulators run in this process for as long as the demo does.
let stopEmulators!: () => void;
const stopped = new Promise<void>((done) => { stopEmulators = done; });
const started = (platform: string) => new Promise<RunningEmulator>((ready, failed) => {
  say(`\n$ datong emulate ${platform} --seed 7${platform === 'shopify' ? ' --set restoreRate=1000' : ''} --env-file ${join(shown, '.env')}`);
  emulateCommand(platform, { seed: '7', set: platform === 'shopify' ? 'restoreRate=1000' : undefined, envFile: join(project, '.env'), from: project }, stopped, ready).catch(failed);
});
const shop = await started('shopify');
const crm = await started('hubspot');

try {
  // One customer came from a legacy import with an address HubSpot will refuse: the run goes on
  // without it, and says why.
  const broken = await control(shop, 'edit-customer', { index: 3, email: 'chen.jing@163' }) as { firstName: string; lastName: string };
  say(`\nIn the shop, customer ${broken.firstName} ${broken.lastName} was imported long ago with the email "chen.jing@163".`);
  codes.push(await datong('validate', pipeline));
  codes.push(await datong('check', pipeline));
  codes.push(await datong('run', pipeline, '--state', 'embedded'));

  const changed = await control(shop, 'mutate', { orders: 12, customers: 3 });
  await control(shop, 'edit-customer', { index: 3, email: 'chen.jing@163.com' });
  say(`\nMeanwhile in the shop: ${describe(changed)}; and ${broken.firstName} ${broken.lastName}'s email is fixed to chen.jing@163.com,`);
  say('so the next run writes that contact, then the 3 deferred deals waiting for it.');
  codes.push(await datong('run', pipeline, '--state', 'embedded'));
  codes.push(await datong('status', pipeline, '--state', 'embedded', '--limit', '2'));

  const before = await control(crm, 'dump', {}) as { contacts: DumpedContact[]; deals: unknown[] };
  say(`\nHubSpot (the emulator) now holds ${before.contacts.length} contacts and ${before.deals.length} deals.`);

  // A second channel: the Tmall store's exports, whose members partly overlap the shop's customers.
  const tmall = addTmallChannel(project, before.contacts);
  say(`\nA second channel arrives: the Tmall store's seller-centre export (GBK CSV, Chinese headers) in ${join(shown, 'tmall')}:`);
  say(`${tmall.members} members (${tmall.overlapping} of them shop customers too, found by phone or email; two share the masked phone`);
  say(`they were exported with, and stay two people) and ${tmall.orders} orders. Member ${tmall.bridge} gives the email of one shop contact`);
  say('and the phone of another: those two contacts are one person, and HubSpot should end with one contact holding both histories.');
  say('pipeline.yaml gains a `tmall` source and two stages (tmall-customers, tmall-orders) with their mapping files.');
  codes.push(await datong('validate', pipeline));
  codes.push(await datong('run', pipeline, '--state', 'embedded'));
  codes.push(await datong('identities', pipeline, '--state', 'embedded'));

  const dump = await control(crm, 'dump', {}) as { contacts?: unknown[]; deals?: unknown[]; associations?: unknown[]; merges?: unknown[] };
  say(`\nHubSpot (the emulator) now holds ${count(dump.contacts)} contacts and ${count(dump.deals)} deals, with ${count(dump.associations)} deal-contact associations; ${count(dump.merges)} contact merge(s) were made.`);
  say(`\nWhere to look next:
  node packages/cli/dist/bin.js status ${pipeline} --state embedded
  node packages/cli/dist/bin.js dead-letters list ${pipeline} --state embedded
  node packages/cli/dist/bin.js emulate shopify     (and hubspot): the platforms by hand, with --faults to make them misbehave`);
} finally {
  stopEmulators();
}
// Exit 3 from a run means "done, with dead letters", which this demo's data is meant to show.
const unexpected = codes.filter((c) => c !== 0 && c !== 3);
process.exitCode = unexpected.length > 0 ? 1 : 0;

async function control(emulator: RunningEmulator, action: string, body: unknown): Promise<unknown> {
  const res = await fetch(`${emulator.url}/_emulator/${action}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (!res.ok) throw new Error(`emulator ${action}: ${res.status} ${await res.text()}`);
  return res.json();
}

function count(list: unknown): number {
  return Array.isArray(list) ? list.length : typeof list === 'object' && list !== null ? Object.keys(list).length : 0;
}

function describe(summary: unknown): string {
  if (typeof summary !== 'object' || summary === null) return 'some orders changed';
  return Object.entries(summary as Record<string, unknown>)
    .map(([k, v]) => `${k}: ${Array.isArray(v) ? v.length : JSON.stringify(v)}`).join(', ');
}
