#!/usr/bin/env node
// Measures the sink's two write paths side by side: COPY into a temp table + INSERT ... ON CONFLICT
// (what a Postgres server gets) against one INSERT ... SELECT FROM json_populate_recordset (what
// the embedded database gets). Not a test: timings depend on the machine. Batches alternate which
// path goes first, so both see the same load on a shared machine.
//
//   pnpm build && DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres node scripts/bench-write-paths.mjs
//   N=200000 B=10000 to change the record count and the batch size.
import pg from 'pg';
import { copyBatchWriter } from '../dist/copy-batch-writer.js';
import plugin from '../dist/index.js';
import { jsonBatchWriter } from '../dist/json-batch-writer.js';
import { PgClient } from '../dist/pg-client.js';
import { tableColumns } from '../dist/table-columns.js';
import { tableRef } from '../dist/table-ref.js';

const server = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const N = Number(process.env.N ?? 200_000);
const B = Number(process.env.B ?? 10_000);
const name = `datong_bench_${Math.random().toString(36).slice(2, 8)}`;
const admin = new pg.Client({ connectionString: server });
await admin.connect();
await admin.query(`CREATE DATABASE ${name}`);
const url = Object.assign(new URL(server), { pathname: `/${name}` }).toString();

const logger = { debug() {}, info() {}, warn() {}, error() {} };
const ctx = { logger, baseDir: '.', signal: new AbortController().signal, fault() {} };
// The shape of tools/bench's orders table: 12 scalar columns and a jsonb array of lines.
const text = { type: 'string' };
const schema = {
  type: 'object',
  properties: {
    order_id: text, channel: text, customer_name: text, customer_phone: text, lifecycle_status: text,
    payment_status: text, fulfillment_status: text, refund_status: text, total: { type: 'string', format: 'decimal' },
    currency: text, created_at: { type: 'string', format: 'date-time' }, updated_at: { type: 'string', format: 'date-time' },
    lines: { type: 'array' },
  },
};
const order = (i, v) => ({
  order_id: `T${i}`, channel: 'tmall', customer_name: `张三${i % 977}`, customer_phone: `138${String(i).padStart(8, '0')}`,
  lifecycle_status: v % 2 ? 'open' : 'completed', payment_status: 'paid', fulfillment_status: 'shipped', refund_status: 'none',
  total: (i * 1.37 + v).toFixed(2), currency: 'CNY', created_at: new Date(1.7e12 + i * 1000).toISOString(),
  updated_at: new Date(1.7e12 + i * 1000 + v).toISOString(),
  lines: [{ sku: `SKU-${i % 500}`, title: `商品 "A"\t${i}`, qty: 1 + (i % 3), price: '19.90' }, { sku: 'SKU-9', title: 'B', qty: 1, price: '5.00' }],
});

const sink = await plugin.sink.open({ url }, ctx);
const client = new PgClient(url, logger);
const writers = {};
for (const path of ['copy', 'json']) {
  await sink.object({ name: `orders_${path}`, key: ['order_id'], schema });
  const table = tableRef('public', `orders_${path}`);
  const columns = await tableColumns(client, table);
  const make = path === 'copy' ? copyBatchWriter : jsonBatchWriter;
  writers[path] = make(client, table, columns, ['order_id']);
}
for (const pass of [1, 2]) {
  const ms = { copy: 0, json: 0 };
  for (let start = 0, k = 0; start < N; start += B, k++) {
    const batch = [];
    for (let i = start; i < Math.min(N, start + B); i++) batch.push(order(i, pass));
    for (const path of k % 2 ? ['copy', 'json'] : ['json', 'copy']) {
      const t0 = performance.now();
      await writers[path].write(batch, () => {});
      ms[path] += performance.now() - t0;
    }
  }
  const what = pass === 1 ? 'insert' : 'update';
  for (const path of ['copy', 'json']) {
    console.log(`${path} ${what}: ${ms[path].toFixed(0)} ms, ${Math.round((N / ms[path]) * 1000)} records/s`);
  }
  console.log(`  json takes ${(ms.json / ms.copy).toFixed(2)}x the time of copy`);
}
await sink.close();
await client.close();
await admin.query(`DROP DATABASE ${name} WITH (FORCE)`);
await admin.end();
