import t from 'tap';
import { spawn } from 'node:child_process';
import { freshDatabase, postgresServer } from '@datong/store/testing';
import { BIN, runCli, summaryOf } from './helpers/cli-process.js';
import { compareRows, expectedRows, makeOrders, warehouseRows, writeOrders, writePipeline } from './helpers/orders-fixture.js';
import { workDir } from './helpers/work-dir.js';

t.test('SIGINT stops a run at a batch boundary with its state committed; the next run finishes the rest', async (t) => {
  if (!postgresServer(t)) return;
  const dir = workDir(t, 'interrupt');
  const warehouse = await freshDatabase(t);
  const orders = makeOrders(30_000);
  writeOrders(dir, orders);
  const pipeline = writePipeline(dir, { batchSize: 500 });
  const env: NodeJS.ProcessEnv = { ...process.env, WAREHOUSE_URL: warehouse };
  delete env.DATONG_FAULT;

  const child = spawn(process.execPath, [BIN, 'run', pipeline, '--state', 'embedded'], { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  let stdout = '';
  let sent = false;
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => {
    stderr += d;
    if (/stage orders: started/.test(stderr) && !sent) {
      sent = true;
      setTimeout(() => child.kill('SIGINT'), 300);
    }
  });
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  t.equal(code, 130, `exit 130: interrupted (stderr: ${stderr.slice(-300)})`);
  t.match(stderr, /SIGINT: stopping at the next batch boundary/);
  const stopped = /read (\d+), written (\d+)/.exec(stdout);
  t.ok(stopped && Number(stopped[1]) < orders.length, `it stopped part-way (${stopped?.[0]})`);

  const rest = summaryOf(await runCli(['run', pipeline, '--state', 'embedded', '--json'], { cwd: dir, env: { WAREHOUSE_URL: warehouse } }));
  t.equal(rest.status, 'succeeded');
  t.equal(rest.recovered.runs.length, 0, 'an interrupted run is not a crash: nothing to recover');
  t.equal(Number(stopped![1]) + rest.counts.read, orders.length, 'the second run read exactly what the first had not');
  const held = await warehouseRows(warehouse);
  t.same(compareRows(expectedRows(orders), held.rows), { missing: 0, extra: 0, stale: 0, examples: [] });
});
