import { MODULE_FIELDS, refusal } from './field-rules.js';

/** A record as the emulated Zoho holds it. */
export interface StoredRecord {
  id: string;
  fields: Record<string, unknown>;
  Created_Time: string;
  Modified_Time: string;
}

/** What the emulated account holds: its records per module, for tests and the `dump` control. */
export type ZohoDump = Record<string, StoredRecord[]>;

/** One entry of an upsert or delete answer, in Zoho's shape. */
export type ResultEntry = Record<string, unknown> & { status: 'success' | 'error' };

const USER = { name: 'Datong Emulator', id: '4150868000000225013' };

/**
 * The emulated account's Contacts and Deals in memory. An upsert matches on the duplicate-check
 * fields in the order given: the first field whose value a stored record holds makes it an update,
 * else the record is inserted. Updates merge fields; a null clears one.
 */
export class RecordStore {
  readonly modules = new Map<string, Map<string, StoredRecord>>(Object.keys(MODULE_FIELDS).map((m) => [m, new Map()]));
  private nextId = 4150868000000400001n;

  constructor(private readonly now: () => number) {}

  has(module: string): boolean {
    return this.modules.has(module);
  }

  upsert(module: string, data: Record<string, unknown>[], duplicateCheck: string[]): ResultEntry[] {
    const records = this.modules.get(module)!;
    return data.map((input, index) => {
      const match = this.match(module, input, duplicateCheck);
      const wrong = refusal(module, input, index, match === undefined, (id) => this.modules.get('Contacts')!.has(id));
      if (wrong) return { ...wrong };
      const taken = this.uniqueTaken(module, input, index, match?.record);
      if (taken) return taken;
      const at = this.stamp();
      const values = Object.fromEntries(Object.entries(input).filter(([name]) => name in MODULE_FIELDS[module]!));
      let record: StoredRecord;
      if (match) {
        record = match.record;
        for (const [name, value] of Object.entries(values)) {
          if (value === null) delete record.fields[name];
          else record.fields[name] = structuredClone(value);
        }
        record.Modified_Time = at;
      } else {
        const fields = Object.fromEntries(Object.entries(values).filter(([, v]) => v !== null).map(([k, v]) => [k, structuredClone(v)]));
        record = { id: String(this.nextId++), fields, Created_Time: at, Modified_Time: at };
        records.set(record.id, record);
      }
      return {
        code: 'SUCCESS',
        duplicate_field: match?.field ?? null,
        action: match ? 'update' : 'insert',
        details: { Modified_Time: record.Modified_Time, Modified_By: USER, Created_Time: record.Created_Time, id: record.id, Created_By: USER },
        message: match ? 'record updated' : 'record added',
        status: 'success',
      };
    });
  }

  /** Records whose `field` equals one of `values`. */
  findBy(module: string, field: string, values: string[]): StoredRecord[] {
    const wanted = new Set(values);
    return [...this.modules.get(module)!.values()].filter((r) => (field === 'id' ? wanted.has(r.id) : wanted.has(String(r.fields[field]))));
  }

  all(module: string): StoredRecord[] {
    return [...this.modules.get(module)!.values()];
  }

  delete(module: string, ids: string[]): ResultEntry[] {
    const records = this.modules.get(module)!;
    return ids.map((id) =>
      records.delete(id)
        ? { code: 'SUCCESS', details: { id }, message: 'record deleted', status: 'success' }
        : { code: 'INVALID_DATA', details: { id }, message: 'the related id given seems to be invalid', status: 'error' },
    );
  }

  /** A record as the API answers it: `id`, the fields asked for (all when none are named), lookups as `{name, id}`. */
  view(module: string, record: StoredRecord, fields: string[] | undefined): Record<string, unknown> {
    const out: Record<string, unknown> = { id: record.id };
    const names = fields && fields.length > 0 ? fields : [...Object.keys(record.fields), 'Created_Time', 'Modified_Time'];
    for (const name of names) {
      if (name === 'id') continue;
      if (name === 'Created_Time' || name === 'Modified_Time') out[name] = record[name];
      else if (name === 'Contact_Name' && module === 'Deals') out[name] = this.lookupView(record.fields[name]);
      else if (name in (MODULE_FIELDS[module] ?? {})) out[name] = structuredClone(record.fields[name] ?? null);
    }
    return out;
  }

  /** How many records of a module hold this value in a field (a test's proof of no duplicates). */
  countBy(module: string, field: string, value: string): number {
    return this.findBy(module, field, [value]).length;
  }

  dump(): ZohoDump {
    return Object.fromEntries([...this.modules].map(([module, records]) => [module, structuredClone([...records.values()])]));
  }

  private lookupView(value: unknown): unknown {
    const id = (value as { id?: unknown } | undefined)?.id;
    if (typeof id !== 'string') return null;
    const contact = this.modules.get('Contacts')!.get(id);
    const name = contact ? [contact.fields.First_Name, contact.fields.Last_Name].filter(Boolean).join(' ') : '';
    return { name, id };
  }

  private match(module: string, input: Record<string, unknown>, fields: string[]): { record: StoredRecord; field: string } | undefined {
    for (const field of fields) {
      const value = input[field];
      if (value === undefined || value === null || value === '') continue;
      const found = this.findBy(module, field, [String(value)])[0];
      if (found) return { record: found, field };
    }
    return undefined;
  }

  /** A unique field (Datong_Key) whose value another record holds: Zoho's DUPLICATE_DATA. */
  private uniqueTaken(module: string, input: Record<string, unknown>, index: number, self: StoredRecord | undefined): ResultEntry | undefined {
    for (const [name, rule] of Object.entries(MODULE_FIELDS[module]!)) {
      const value = input[name];
      if (!rule.unique || value === undefined || value === null) continue;
      const other = this.findBy(module, name, [String(value)]).find((r) => r !== self);
      if (other) {
        return { code: 'DUPLICATE_DATA', details: { api_name: name, json_path: `$.data[${index}].${name}`, duplicate_record: { id: other.id, module: { api_name: module } } }, message: 'duplicate data', status: 'error' };
      }
    }
    return undefined;
  }

  private stamp(): string {
    return new Date(this.now()).toISOString().replace(/\.\d{3}Z$/, '+00:00');
  }
}
