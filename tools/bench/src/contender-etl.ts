/**
 * Contender d, the `etl` package (ZJONSSON/node-etl) used as its README shows:
 * etl.file -> etl.split -> etl.map -> etl.postgres.upsert(pool, schema, table, {concurrency}).
 *
 * Two things differ from the pipeline one would sketch from the README alone, both from reading
 * lib/postgres/script.js:
 * - No etl.collect before the upsert. Script takes `Array.isArray(record) ? record[0] : record`,
 *   so a batch of N rows would write its first row and silently drop the other N-1.
 * - In upsert mode Script pushes one `INSERT ... ON CONFLICT ... DO UPDATE` per record (its own
 *   test expects "Three request sent" for three rows), so maxBuffer does not batch anything:
 *   this contender makes one round trip and one commit per order, `concurrency` at a time.
 */
import etl, { type TextPacket } from 'etl';
import pg from 'pg';
import { toCanonicalOrder } from './canonical-order.js';
import { contenderArgs, reportWritten } from './contender-args.js';
import type { ExportOrder } from './export-order.js';
import { ORDERS_TABLE } from './orders-table.js';

const CONCURRENCY = 4;

const { file, warehouseUrl } = contenderArgs();
// etl's execute stream takes a connection per statement; the pool size is its real concurrency.
const pool = new pg.Pool({ connectionString: warehouseUrl, max: CONCURRENCY });
let written = 0;

await etl
  .file(file)
  .pipe(etl.split())
  .pipe(
    etl.map((packet: TextPacket) => {
      // etl.split flushes the empty remainder after the file's final newline as a packet too.
      if (packet.text === '') return undefined;
      written++;
      return toCanonicalOrder(JSON.parse(packet.text) as ExportOrder);
    }),
  )
  .pipe(etl.postgres.upsert(pool, 'public', ORDERS_TABLE, { concurrency: CONCURRENCY }))
  .promise();

await pool.end();
reportWritten(written);
