import t from 'tap';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const demo = fileURLToPath(new URL('../dist/demo.js', import.meta.url));

t.test('pnpm demo syncs a Shopify store into HubSpot, explains what it set aside, then moves only what changed', async (t) => {
  const env = { ...process.env };
  delete env.DATABASE_URL; // the demo is the embedded default, whatever the environment says
  const r = spawnSync(process.execPath, [demo], { encoding: 'utf8', env, timeout: 400_000 });
  t.equal(r.status, 0, `the demo succeeds (stderr: ${r.stderr.slice(-400)})`);
  const out = r.stdout;
  t.match(out, /created .*pipeline\.yaml, mappings\/customer-to-contact\.yaml, mappings\/order-to-deal\.yaml/, 'datong init made the project');
  t.match(out, /shopify emulator listening on http:\/\/127\.0\.0\.1:\d+/);
  t.match(out, /ok +source shop \[@datong\/plugin-shopify\]/, 'check reached the shop');
  t.match(out, /ok +sink crm \[@datong\/plugin-hubspot\]/, 'check reached the CRM');
  const totals = [...out.matchAll(/^  total +read (\d+), written (\d+) \(created (\d+), updated (\d+)\), unchanged (\d+), dead-lettered (\d+)$/gm)].map((m) => m.slice(1).map(Number));
  t.equal(totals.length, 6, 'six runs (and a dry run, a rollback and a repair)');
  t.same(totals[0], [260, 256, 256, 0, 0, 4], 'the first run: 60 customers and 200 orders, one bad contact set aside and its 3 orders deferred');
  const [read2, written2, created2, updated2, , dead2] = totals[1]!;
  t.ok(read2! < 100, `the second run is incremental (read ${read2})`);
  t.equal(created2, 12, 'the 2 new customers, the fixed one, 6 new orders and the 3 deferred ones are created');
  t.ok(written2! - created2! === updated2! && updated2! > 0, `the changed ones are updated (${updated2})`);
  t.equal(dead2, 0, 'nothing left aside');
  t.match(out, /customers SINK_REJECTED x1: HubSpot VALIDATION_ERROR: email: Email address chen\.jing@163 is invalid/, 'the reason HubSpot gave is shown');
  t.match(out, /orders DEFERRED x3: contact id-[0-9a-f-]+ is not in HubSpot yet/, 'the orders of that customer wait for their contact (the person it is)');
  t.match(out, /HubSpot \(the emulator\) now holds 65 contacts and 206 deals/, '3 hand-made contacts + 62 synced; 197 + 6 new + 3 deferred deals');
  // The Tmall channel: 33 members, 13 of them shop customers (8 by phone, 4 by email, 1 tying two shop contacts together).
  // The shop's part of the third run re-reads whatever its cursor window holds (a second's worth), all unchanged.
  const [read3, written3, created3, updated3, unchanged3, dead3] = totals[2]!;
  t.same([written3, created3, updated3, dead3], [99, 86, 13, 0], 'the third run: 20 Tmall-only members created, 13 members updating their shop contacts, 66 orders');
  t.equal(read3! - unchanged3!, 99, 'everything else it read was unchanged');
  t.match(out, /tmall-customers succeeded +read 33, written 33 \(created 20, updated 13\), unchanged 0, dead-lettered 0/);
  t.match(out, /tmall-orders +succeeded +read 66, written 66 \(created 66, updated 0\), unchanged 0, dead-lettered 0/);
  t.match(out, /identities +81 person\(s\), 13 found on more than one channel; identities merged: 1 this run \(1 merged in the sink\), 1 in all/, 'the summary says how many persons were merged');
  t.match(out, /HubSpot \(the emulator\) now holds 84 contacts and 272 deals, with \d+ deal-contact associations; 1 contact merge\(s\) were made/, 'deduplicated contacts: 65 + 20 new - 1 merged');
  t.match(out, /is valid: 4 stage\(s\)/, 'validate accepts the two-channel pipeline');
  // Operating safely: a bad map previewed, run, rolled back; hand edits found and repaired; a deal's story.
  const preview = /orders +would create 0, update (\d+), leave unchanged (\d+), hold for review 0, dead-letter 0 of 206 read/.exec(out);
  t.ok(preview, 'the dry run plans the bad map\'s updates');
  const damaged = Number(preview![1]);
  t.ok(damaged > 0, `${damaged} completed orders would move`);
  t.match(out, /dealstage: "closedwon" → "closedlost"/, 'and shows the field that would change');
  t.same(totals[3], [206, damaged, 0, damaged, 206 - damaged, 0], 'the run made anyway writes exactly what the dry run said');
  t.match(out, new RegExp(`restored ${damaged} record\\(s\\) to their before-image, deleted 0 the run created`), 'the rollback puts every one back');
  t.match(out, /customers +DRIFT source 61, sink 80: 1 missing, 1 mismatched, 0 extra/, 'the reconciliation finds the deleted and the renamed contact');
  t.match(out, /firstname: "Typo" → "/);
  t.match(out, /tmall-orders +DRIFT source 66, sink 272: 0 missing, 1 mismatched, 0 extra/, 'and the deal that lost its contact with it');
  t.match(out, /orders +ok +source 206, sink 272: 0 missing, 0 mismatched, 0 extra/);
  t.match(out, /repaired in run run-\S+: succeeded, 3 written/, '--repair writes exactly those three');
  t.match(out, /ops +rollback +run-\S+ \{"run":"run-/, 'the audit trail names who rolled back');
  t.match(out, /updated crm\.deals gid:\/\/shopify\/Order\/\d+ \(batch \d+, committed, mapping mappings\/order-to-deal\.yaml@[0-9a-f]{12}\)[\s\S]*rollback of run-\S+: restored to its before-image/, 'explain tells one deal\'s story: written, damaged by which mapping, restored');
  // Near real time: the shop's webhooks through datong listen.
  t.match(out, /A push someone forged: answered 401\./, 'a forged push is refused');
  t.match(out, /In the shop, 2 order\(s\) change and 1 new one\(s\) are placed/);
  t.match(out, /HubSpot now holds 273 deals \(1 new\), written by [1-9]\d* push run\(s\); pushes accepted 3, rejected 1\./, 'the pushed orders reached HubSpot through a push run');
  t.match(r.stderr + out, /listen stopped: shop: 3 accepted, 1 rejected, 0 redelivered/);
  // Two more destinations: Jiandaoyun forms and the run workbook.
  t.match(out, /jdy-customers +succeeded +read 63, written 63 \(created 63, updated 0\)/, 'every shop customer reaches Jiandaoyun');
  t.match(out, /jdy-orders +succeeded +read 207, written 184 \(created 184, updated 0\), unchanged 0, dead-lettered 0, left out by --where 23/, 'guest checkouts are left out, not dead-lettered');
  t.match(out, /Jiandaoyun \(the emulator\) now holds 63 customers and 184 orders \(guest checkouts left out\), 184 of them linked to their customer's record\./, 'one record per key, every order linked');
  t.same(totals[4], [540, 517, 517, 0, 0, 0], 'the new stages write everything once');
  const [, written6, , , , dead6] = totals[5]!;
  t.ok(written6! > 0 && dead6 === 0, `the next run carries the shop's changes to every destination (${written6} written)`);
  const books = [...out.matchAll(/exports\/shop-\d{4}-\d{2}-\d{2}-\d{6}\.xlsx: sheet customers \((\d+) rows\), sheet orders \((\d+) rows\)/g)].map((m) => [Number(m[1]), Number(m[2])]);
  t.same(books[0], [63, 207], 'the first run workbook: a sheet per object, every record');
  t.equal(books.length, 2, 'one workbook per run that wrote to the sheets');
  t.ok(books[1]![1]! > 207, 'the second holds the new orders too');
  t.match(out, /Where to look next:/);
});
