import { slices, type Logger } from '@datong/sdk';
import type { FormLayout } from './form-layout.js';
import { SLICE, type DataRow, type JiandaoyunApi } from './jiandaoyun-api.js';

/**
 * The rows a form holds under these keys: `data/list` filtered by `in` on the key widget, 100 keys
 * a call (the filter takes 200, but a page holds 100 rows: 100 keys make one page unless a key is
 * held twice), paged by `data_id`. A key held by more than one record (made by hand, or before
 * datong) maps to the oldest, with a warning; `all` answers every row instead (delete removes all).
 */
export async function findRows(api: JiandaoyunApi, layout: FormLayout, keys: string[], fields: string[] | undefined, logger: Logger): Promise<Map<string, DataRow>> {
  const found = new Map<string, DataRow>();
  for (const row of await findAllRows(api, layout, keys, fields)) {
    const key = layout.keyOf(row);
    if (key === undefined) continue;
    if (found.has(key)) {
      logger.warn(`jiandaoyun: the ${layout.object} form holds key ${key} more than once (${found.get(key)!._id}, ${row._id}): datong uses the oldest`, { object: layout.object, key });
      continue;
    }
    found.set(key, row);
  }
  return found;
}

export async function findAllRows(api: JiandaoyunApi, layout: FormLayout, keys: string[], fields: string[] | undefined): Promise<DataRow[]> {
  const wanted = [...new Set(keys)];
  const rows: DataRow[] = [];
  for (const part of slices(wanted, SLICE)) {
    const filter = { rel: 'and' as const, cond: [{ field: layout.keyWidget.name, type: 'text', method: 'in', value: part }] };
    const projection = fields ? [...new Set([layout.keyWidget.name, ...fields])] : undefined;
    rows.push(...(await api.listAll(layout.form, filter, projection)));
  }
  return rows;
}
