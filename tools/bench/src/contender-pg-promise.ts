/**
 * Contender c, what a Node user writes today: pg-promise's multi-row upsert as its docs show it,
 * a ColumnSet, `helpers.insert(rows, cs)` plus `ON CONFLICT ... DO UPDATE SET` from
 * `cs.assignColumns`, one statement per 5,000 rows.
 */
import pgPromise from 'pg-promise';
import { toCanonicalOrder, type CanonicalOrder } from './canonical-order.js';
import { contenderArgs, reportWritten } from './contender-args.js';
import type { ExportOrder } from './export-order.js';
import { ndjsonBatches } from './ndjson-batches.js';
import { ORDERS_TABLE } from './orders-table.js';

const CHUNK_ROWS = 5_000;

const { file, warehouseUrl } = contenderArgs();
const pgp = pgPromise();
const db = pgp(warehouseUrl);

// In a multi-row VALUES list Postgres types quoted literals as text, so every non-text column
// needs a cast or the INSERT fails with "column is of type numeric but expression is of type text".
const columns = new pgp.helpers.ColumnSet(
  [
    '?order_id',
    'channel',
    'customer_name',
    'customer_phone',
    'lifecycle_status',
    'payment_status',
    'fulfillment_status',
    'refund_status',
    { name: 'total', cast: 'numeric' },
    'currency',
    { name: 'created_at', cast: 'timestamptz' },
    { name: 'updated_at', cast: 'timestamptz' },
    { name: 'lines', mod: ':json', cast: 'jsonb' },
  ],
  { table: ORDERS_TABLE },
);
const onConflict = ` ON CONFLICT(order_id) DO UPDATE SET ${columns.assignColumns({ from: 'EXCLUDED', skip: 'order_id' })}`;

let chunk: CanonicalOrder[] = [];
let written = 0;
const flush = async (): Promise<void> => {
  await db.none(pgp.helpers.insert(chunk, columns) + onConflict);
  written += chunk.length;
  chunk = [];
};

for await (const batch of ndjsonBatches(file)) {
  for (const record of batch) {
    chunk.push(toCanonicalOrder(record as ExportOrder));
    if (chunk.length === CHUNK_ROWS) await flush();
  }
}
if (chunk.length > 0) await flush();
pgp.end();
reportWritten(written);
