import t from 'tap';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const demo = fileURLToPath(new URL('../dist/exports-demo.js', import.meta.url));

t.test('pnpm demo:exports syncs the exports, sets the bad rows aside, then moves only what changed', async (t) => {
  const env = { ...process.env };
  delete env.DATABASE_URL; // the demo is the embedded default, whatever the environment says
  const r = spawnSync(process.execPath, [demo], { encoding: 'utf8', env, timeout: 240_000 });
  t.equal(r.status, 0, `the demo succeeds (stderr: ${r.stderr.slice(-400)})`);
  const out = r.stdout;
  const runs = [...out.matchAll(/^  total +read (\d+), written (\d+) \(created \d+, updated \d+\), unchanged (\d+), dead-lettered (\d+)$/gm)].map((m) => m.slice(1).map(Number));
  t.same(runs, [
    [2306, 2300, 0, 6],   // 300 members + 2000 orders in, 2 bad members and 4 bad orders set aside
    [0, 0, 0, 0],         // the same files again: nothing is even read
    [46, 45, 0, 1],       // the next day: 40 orders and 5 members (+ the still-broken member line)
  ]);
  t.match(out, /orders +partial +read 2004, written 2000 \(created 2000, updated 0\), unchanged 0, dead-lettered 4/);
  t.match(out, /value "已锁定" of "status" has no mapping \(.*pipeline\.yaml:\d+\)/, 'the unmapped status is named with the map to fix');
  t.match(out, /now holds 2010 orders and 300 customers/);
  t.match(out, /"lifecycle_status":"completed","payment_status":"paid","fulfillment_status":"delivered","refund_status":"none"/, 'four separate statuses in the warehouse');
});
