#!/usr/bin/env node
/**
 * `pnpm demo`: a real sync on the embedded default, from a Shopify store into HubSpot — both
 * played by their emulators over real HTTP on 127.0.0.1. `datong init` makes the project,
 * `datong emulate` runs the two platforms, then: validate, check, a full run with a progress bar
 * and a summary, some orders change in the shop, and an incremental run moves only those. Then a
 * second channel (a Tmall export) joins: its members overlapping the shop's customers become the
 * same contacts, and two contacts found to be one person are merged in HubSpot. Last, operating
 * safely: a bad mapping change previewed by a dry run, run anyway, and rolled back; hand edits in
 * HubSpot found by a reconciliation and repaired; one deal's story told by `datong explain`. Last,
 * near real time: `datong listen` takes the shop's webhooks and turns them into runs.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { emulateCommand, listenCommand, main, type RunningListener } from '@datong/cli';
import type { RunningEmulator } from '@datong/sdk/emulator';
import { breakDealMap, latestRun } from './safety-net.js';
import { addErpAndSheet, workbooks } from './erp-and-sheet.js';
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
  say(`\n$ datong emulate ${platform} --seed 7${platform === 'shopify' ? ' --set restoreRate=1000' : ''} --write-env ${join(shown, '.env')}`);
  emulateCommand(platform, { seed: '7', set: platform === 'shopify' ? 'restoreRate=1000' : undefined, writeEnv: join(project, '.env'), from: project }, stopped, ready).catch(failed);
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

  // Operating safely. A mapping mistake: previewed, run anyway, undone.
  say('\nA colleague edits the deal map: completed orders now go to the stage closedlost (they meant something else).');
  say('A dry run over everything (--full-refresh) shows what that would do, field by field, without writing anything:');
  const restoreMap = breakDealMap(project);
  codes.push(await datong('run', pipeline, '--state', 'embedded', '--dry-run', '--full-refresh', '--stage', 'orders', '--sample', '2'));
  say('\nThey run it anyway. HubSpot now shows those deals as lost.');
  codes.push(await datong('run', pipeline, '--state', 'embedded', '--full-refresh', '--stage', 'orders', '--actor', 'colleague'));
  const bad = await latestRun(project, pipelineName(project));
  restoreMap();
  say('\nOne command puts back every deal that run changed (its before-images), and its cursors; the map is fixed by hand.');
  codes.push(await datong('rollback', pipeline, bad, '--state', 'embedded', '--actor', 'ops'));

  // Drift: someone deletes a contact in HubSpot and renames another; the nightly reconciliation finds both.
  const live = (await control(crm, 'dump', {}) as { contacts: DumpedContact[] }).contacts.filter((c) => c.properties.datong_key);
  await hubspot(crm, 'POST', '/crm/v3/objects/contacts/batch/archive', { inputs: [{ id: live[0]!.id }] });
  await hubspot(crm, 'PATCH', `/crm/v3/objects/contacts/${live[1]!.id}`, { properties: { firstname: 'Typo' } });
  say(`\nIn HubSpot, someone deletes contact ${live[0]!.id} and renames contact ${live[1]!.id} to "Typo". The reconciliation compares every record:`);
  codes.push(await datong('reconcile', pipeline, '--state', 'embedded'));
  codes.push(await datong('reconcile', pipeline, '--state', 'embedded', '--repair', '--actor', 'ops'));
  codes.push(await datong('audit', pipeline, '--state', 'embedded', '--limit', '5'));
  const deal = (await control(crm, 'dump', {}) as { deals: { properties: Record<string, string> }[] }).deals.find((d) => d.properties.dealstage === 'closedwon' && d.properties.datong_key)!;
  codes.push(await datong('explain', pipeline, deal.properties.datong_key!, '--state', 'embedded'));
  await liveWebhooks();
  await erpAndSheet();
  say(`\nWhere to look next:
  node packages/cli/dist/bin.js status ${pipeline} --state embedded
  node packages/cli/dist/bin.js dead-letters list ${pipeline} --state embedded
  node packages/cli/dist/bin.js run ${pipeline} --state embedded --dry-run     (what a run would change, written nowhere)
  node packages/cli/dist/bin.js emulate shopify     (and hubspot): the platforms by hand, with --faults to make them misbehave`);
} finally {
  stopEmulators();
}
// Exit 3 from a run means "done, with dead letters", which this demo's data is meant to show; exit 6
// is the reconciliation finding the hand edits it is meant to find.
const unexpected = codes.filter((c) => c !== 0 && c !== 3 && c !== 6);
process.exitCode = unexpected.length > 0 ? 1 : 0;

/**
 * More destinations from the same pipeline: the operations team's Jiandaoyun forms (widget ids
 * found from the forms' labels, no upsert there so each record is looked up by its key first,
 * every order linked to its customer's record) and the store manager's spreadsheet, one XLSX
 * workbook per run made by the sync itself.
 */
async function erpAndSheet(): Promise<void> {
  const jdy = await started('jiandaoyun');
  addErpAndSheet(project);
  say('\nTwo more destinations for the same shop: the operations team keeps customers and orders in Jiandaoyun (简道云) forms,');
  say('and the store manager still works in Excel. pipeline.yaml gains a `jdy` sink, a `sheets` sink (the file plugin with');
  say('`workbook: "shop-{date}-{time}.xlsx"`: one workbook per run, a sheet per object) and four stages reading the shop into them.');
  codes.push(await datong('run', pipeline, '--state', 'embedded', '--stage', 'jdy-customers', 'jdy-orders', 'sheet-customers', 'sheet-orders'));
  const held = await control(jdy, 'dump', {}) as Record<string, { records: Record<string, unknown>[]; widgets: { name: string; label: string }[] }>;
  const orders = held['订单']!;
  const link = orders.widgets.find((w) => w.label === '客户')!.name;
  const linked = orders.records.filter((r) => typeof r[link] === 'string' && r[link] !== '').length;
  say(`\nJiandaoyun (the emulator) now holds ${held['客户']!.records.length} customers and ${orders.records.length} orders (guest checkouts left out), ${linked} of them linked to their customer's record.`);
  const changed = await control(shop, 'mutate', { orders: 4, customers: 0 }) as { ordersChanged: number[]; ordersAdded: number[] };
  say(`In the shop, ${changed.ordersChanged.length} order(s) change and ${changed.ordersAdded.length} are placed; the next run carries them everywhere:`);
  codes.push(await datong('run', pipeline, '--state', 'embedded'));
  for (const book of await workbooks(project)) {
    say(`  exports/${book.file}: ${book.sheets.map((s) => `sheet ${s.name} (${s.rows} rows)`).join(', ')}`);
  }
}

/**
 * Near real time: `datong listen` takes the shop's webhooks (verified with the app's client
 * secret over the raw body), and an order changed in the shop reaches HubSpot in a second or two,
 * through an incremental run of the stages that read orders; a forged push is refused and counted.
 */
async function liveWebhooks(): Promise<void> {
  const file = join(project, 'pipeline.yaml');
  writeFileSync(file, readFileSync(file, 'utf8').replace('      accessToken: { env: SHOPIFY_ACCESS_TOKEN }', '      accessToken: { env: SHOPIFY_ACCESS_TOKEN }\n      webhookSecret: { env: SHOPIFY_CLIENT_SECRET }   # Shopify signs webhooks with the app\'s client secret'));
  say('\nLive: the shop source gets `webhookSecret: { env: SHOPIFY_CLIENT_SECRET }`, and `datong listen` takes the shop\'s webhooks.');
  say(`\n$ datong listen ${pipeline} --port 0 --debounce 300`);
  let stop!: () => void;
  const stopped = new Promise<void>((done) => { stop = done; });
  const listener = await new Promise<RunningListener>((ready, failed) => {
    listenCommand(pipeline, { port: '0', debounce: '300', state: 'embedded' }, stopped, ready).then((code) => codes.push(code), failed);
  });
  await control(shop, 'webhooks', { url: `${listener.url}/hooks/shop`, topics: ['orders/create', 'orders/updated'] });
  const forged = await fetch(`${listener.url}/hooks/shop`, { method: 'POST', headers: { 'x-shopify-topic': 'orders/updated', 'x-shopify-hmac-sha256': 'Zm9yZ2Vk' }, body: '{"id":1,"total_price":"0.01"}' });
  say(`A push someone forged: answered ${forged.status}.`);
  const before = (await control(crm, 'dump', {}) as { deals: unknown[] }).deals.length;
  const pushed = await control(shop, 'mutate', { orders: 2, customers: 0 }) as { ordersAdded: number[]; ordersChanged: number[] };
  say(`In the shop, ${pushed.ordersChanged.length} order(s) change and ${pushed.ordersAdded.length} new one(s) are placed; the shop pushes each to the listener.`);
  await new Promise((resolve) => setTimeout(resolve, 500));
  await listener.idle();
  const after = (await control(crm, 'dump', {}) as { deals: unknown[] }).deals.length;
  const status = await (await fetch(`${listener.url}/status`)).json() as { pushes: { shop: { accepted: number; rejected: number } }; runs: { finished: number } };
  say(`HubSpot now holds ${after} deals (${after - before} new), written by ${status.runs.finished} push run(s); pushes accepted ${status.pushes.shop.accepted}, rejected ${status.pushes.shop.rejected}.`);
  stop();
  await new Promise((resolve) => setTimeout(resolve, 200));
}

async function control(emulator: RunningEmulator, action: string, body: unknown): Promise<unknown> {
  const res = await fetch(`${emulator.url}/_emulator/${action}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (!res.ok) throw new Error(`emulator ${action}: ${res.status} ${await res.text()}`);
  return res.json();
}

/** A call to HubSpot's API (the emulator), as a person editing records would make it. */
async function hubspot(emulator: RunningEmulator, method: string, path: string, body: unknown): Promise<void> {
  const token = emulator.credentials.accessToken;
  const res = await fetch(`${emulator.url}${path}`, { method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (!res.ok) throw new Error(`HubSpot ${method} ${path}: ${res.status} ${await res.text()}`);
}

/** The pipeline's name (the project folder's, as `datong init` gave it). */
function pipelineName(dir: string): string {
  return /^name: (.+)$/m.exec(readFileSync(join(dir, 'pipeline.yaml'), 'utf8'))![1]!.trim();
}

function count(list: unknown): number {
  return Array.isArray(list) ? list.length : typeof list === 'object' && list !== null ? Object.keys(list).length : 0;
}

function describe(summary: unknown): string {
  if (typeof summary !== 'object' || summary === null) return 'some orders changed';
  return Object.entries(summary as Record<string, unknown>)
    .map(([k, v]) => `${k}: ${Array.isArray(v) ? v.length : JSON.stringify(v)}`).join(', ');
}
