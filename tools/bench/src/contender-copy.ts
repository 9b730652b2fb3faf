/**
 * Contender b, "the limit": what a careful hand-written loader does. Rows stream through COPY
 * into a temp table, then one INSERT ... ON CONFLICT merges them, all in one transaction. No
 * validation, no state, no retries: the floor any framework's overhead is measured against.
 */
import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { toCanonicalOrder } from './canonical-order.js';
import { contenderArgs, reportWritten } from './contender-args.js';
import { copyTextRow } from './copy-text-row.js';
import type { ExportOrder } from './export-order.js';
import { ndjsonBatches } from './ndjson-batches.js';
import { ORDER_COLUMNS, ORDERS_TABLE } from './orders-table.js';
import { UPSERT_ASSIGNMENTS } from './upsert-assignments.js';

const { file, warehouseUrl } = contenderArgs();
const columns = ORDER_COLUMNS.join(', ');
const client = new pg.Client({ connectionString: warehouseUrl });
await client.connect();

await client.query('BEGIN');
// A temp table is not WAL-logged and has no index to maintain while the rows stream in.
await client.query(`CREATE TEMP TABLE orders_load (LIKE ${ORDERS_TABLE}) ON COMMIT DROP`);
const copy = client.query(copyFrom(`COPY orders_load (${columns}) FROM STDIN`));
let written = 0;
for await (const batch of ndjsonBatches(file)) {
  let text = '';
  for (const record of batch) text += copyTextRow(toCanonicalOrder(record as ExportOrder));
  written += batch.length;
  if (!copy.write(text)) await once(copy, 'drain');
}
copy.end();
await finished(copy);
await client.query(
  `INSERT INTO ${ORDERS_TABLE} (${columns}) SELECT ${columns} FROM orders_load
   ON CONFLICT (order_id) DO UPDATE SET ${UPSERT_ASSIGNMENTS}`,
);
await client.query('COMMIT');
await client.end();
reportWritten(written);
