import { ORDER_COLUMNS } from './orders-table.js';

/** `col = EXCLUDED.col` for every column but the key: what ON CONFLICT DO UPDATE sets. */
export const UPSERT_ASSIGNMENTS = ORDER_COLUMNS.filter((column) => column !== 'order_id')
  .map((column) => `${column} = EXCLUDED.${column}`)
  .join(', ');
