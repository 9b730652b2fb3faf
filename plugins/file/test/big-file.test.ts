import t from 'tap';
import { createWriteStream, statSync } from 'node:fs';
import { once } from 'node:events';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { openStream, testContext } from './helpers/context.js';

// The heap can only be measured honestly right after a full collection.
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

async function writeBigCsv(path: string, rows: number): Promise<void> {
  const out = createWriteStream(path);
  out.write('订单编号,下单时间,客户名称,收货地址,金额,备注\n');
  for (let i = 1; i <= rows; i += 1) {
    // Most rows need no quotes; every tenth has a quoted address and a note over two lines.
    const quoted = i % 10 === 0;
    const address = quoted ? `"北京市朝阳区建国路${i}号, ${i % 30}层"` : `北京市朝阳区建国路${i}号${i % 30}层`;
    const note = quoted ? `"第${i}单\n加急"` : '';
    const line = `A${i},2024-03-01 10:${String(i % 60).padStart(2, '0')}:00,客户${i},${address},${i}.50,${note}\n`;
    if (!out.write(line)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

for (const [format, name] of [['csv', 'big.csv'], ['ndjson', 'big.ndjson']] as const) {
  t.test(`reading a big ${format} file keeps memory flat`, async (t) => {
    const dir = t.testdir({});
    const path = join(dir, name);
    if (format === 'csv') await writeBigCsv(path, 200_000);
    else {
      const out = createWriteStream(path);
      for (let i = 1; i <= 100_000; i += 1) {
        if (!out.write(`${JSON.stringify({ order_no: `A${i}`, customer: `客户${i}`, address: `北京市朝阳区建国路${i}号`, amount: i + 0.5 })}\n`)) await once(out, 'drain');
      }
      out.end();
      await once(out, 'finish');
    }
    const size = statSync(path).size;
    const ctx = testContext(dir);
    const stream = await openStream(ctx, { path: name, key: ['订单编号'] });
    gc();
    const baseline = process.memoryUsage().heapUsed;
    // After a few batches the code is compiled and the buffers are in use: from then on a
    // streaming reader's heap stays level however much of the file it has read.
    let warm = 0;
    let peak = 0;
    let records = 0;
    let batches = 0;
    for await (const batch of stream.read({ state: undefined, batchSize: 1000, fullRefresh: false }, ctx)) {
      records += batch.items.length;
      batches += 1;
      if (batches % 20 === 0) {
        gc();
        const used = process.memoryUsage().heapUsed;
        if (batches === 20) warm = used;
        peak = Math.max(peak, used);
      }
    }
    t.equal(records, format === 'csv' ? 200_000 : 100_000, 'every row read');
    t.ok(size > 10_000_000, `the file is big (${(size / 1e6).toFixed(1)} MB)`);
    const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;
    t.ok(peak - baseline < size / 4, `the heap grew by at most ${mb(peak - baseline)} reading ${mb(size)}`);
    t.ok(peak - warm < size / 10, `once warm it grew by at most ${mb(peak - warm)}: memory is flat`);
  });
}
