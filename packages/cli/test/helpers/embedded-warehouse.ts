import { join } from 'node:path';
import { openStore } from '@datong/store';

/** Reads a table of the embedded warehouse a finished run left in `<dir>/.datong`. */
export async function embeddedRows(dir: string, sql: string): Promise<Record<string, unknown>[]> {
  const store = await openStore({ dir: join(dir, '.datong'), command: 'test' });
  try {
    return (await store.embeddedSql!.query(sql)).rows;
  } finally {
    await store.close();
  }
}
