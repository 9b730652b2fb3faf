import type pg from 'pg';
import { ORDERS_TABLE } from './orders-table.js';

/**
 * Each column as text that does not depend on how it was written: timestamps in UTC whatever
 * the session's TimeZone, numerics without trailing zeros (128.50 and 128.5 are one value, but
 * 128.4999 is not), jsonb in its normalized text. `t` is the table alias.
 */
const NORMALIZED: Record<string, (t: string) => string> = {
  order_id: (t) => `${t}.order_id`,
  channel: (t) => `${t}.channel`,
  customer_name: (t) => `${t}.customer_name`,
  customer_phone: (t) => `${t}.customer_phone`,
  lifecycle_status: (t) => `${t}.lifecycle_status`,
  payment_status: (t) => `${t}.payment_status`,
  fulfillment_status: (t) => `${t}.fulfillment_status`,
  refund_status: (t) => `${t}.refund_status`,
  total: (t) => `trim_scale(${t}.total::numeric)::text`,
  currency: (t) => `${t}.currency`,
  created_at: (t) => `(${t}.created_at::timestamptz AT TIME ZONE 'UTC')::text`,
  updated_at: (t) => `(${t}.updated_at::timestamptz AT TIME ZONE 'UTC')::text`,
  lines: (t) => `${t}.lines::jsonb::text`,
};

export interface TableChecksum {
  rows: number;
  md5: string;
}

/** One md5 over every row's normalized columns, in key order. */
export async function tableChecksum(client: pg.Client, table = ORDERS_TABLE): Promise<TableChecksum> {
  const row = Object.values(NORMALIZED)
    .map((column) => column('o'))
    .join(', ');
  const { rows } = await client.query<TableChecksum>(
    `SELECT count(*)::int AS rows,
            md5(coalesce(string_agg(md5(row(${row})::text), '' ORDER BY o.order_id), '')) AS md5
     FROM ${table} o`,
  );
  const result = rows[0];
  if (result === undefined) throw new Error(`no checksum row for ${table}`);
  return result;
}

export interface RowDifference {
  orderId: string;
  /** Columns whose normalized text differs, or 'missing here' / 'missing in reference'. */
  columns: { column: string; reference: string | null; actual: string | null }[];
}

/** Up to `limit` rows where `table` and `reference` disagree, and the total count of them. */
export async function tableDifferences(
  client: pg.Client,
  reference: string,
  table = ORDERS_TABLE,
  limit = 3,
): Promise<{ count: number; samples: RowDifference[] }> {
  const columns = Object.entries(NORMALIZED);
  const differs = columns.map(([, column]) => `${column('r')} IS DISTINCT FROM ${column('o')}`).join(' OR ');
  const from = `FROM ${reference} r FULL JOIN ${table} o ON o.order_id = r.order_id
                WHERE r.order_id IS NULL OR o.order_id IS NULL OR ${differs}`;
  const count = await client.query<{ count: number }>(`SELECT count(*)::int AS count ${from}`);
  const pairs = columns.map(([name, column]) => `${column('r')} AS "r_${name}", ${column('o')} AS "o_${name}"`);
  const samples = await client.query<Record<string, string | null>>(
    `SELECT ${pairs.join(', ')} ${from} ORDER BY coalesce(r.order_id, o.order_id) LIMIT ${limit}`,
  );
  return {
    count: count.rows[0]?.count ?? 0,
    samples: samples.rows.map((row) => ({
      orderId: row.r_order_id ?? row.o_order_id ?? '?',
      columns: columns
        .map(([name]) => ({ column: name, reference: row[`r_${name}`] ?? null, actual: row[`o_${name}`] ?? null }))
        .filter((c) => c.reference !== c.actual),
    })),
  };
}
