/** One record the emulated tenant holds. */
export interface StoredRecord {
  id: number;
  fields: Record<string, unknown>;
  createdAt: number;
  updatedAt: number;
}

/** The whole tenant as plain data, for tests and `POST /_emulator/dump`. */
export type XiaoshouyiDump = Record<string, StoredRecord[]>;

/** Xiaoshouyi ids are 16-digit numbers; these stay below 2^53. */
const FIRST_ID = 3_100_000_000_000_000;

/** The records of every xobject, in memory, by id. */
export class XobjectStore {
  readonly objects = new Map<string, Map<number, StoredRecord>>();
  private nextId = FIRST_ID;

  constructor(private readonly now: () => number) {}

  create(object: string, fields: Record<string, unknown>): StoredRecord {
    const at = this.now();
    const record: StoredRecord = { id: ++this.nextId, fields: withoutNulls(fields), createdAt: at, updatedAt: at };
    this.table(object).set(record.id, record);
    return record;
  }

  get(object: string, id: number): StoredRecord | undefined {
    return this.objects.get(object)?.get(id);
  }

  /** Sets fields; null (or "") clears one. */
  update(object: string, id: number, fields: Record<string, unknown>): StoredRecord | undefined {
    const record = this.get(object, id);
    if (!record) return undefined;
    for (const [field, value] of Object.entries(fields)) {
      if (value === null || value === '') delete record.fields[field];
      else record.fields[field] = value;
    }
    record.updatedAt = this.now();
    return record;
  }

  remove(object: string, id: number): boolean {
    return this.objects.get(object)?.delete(id) ?? false;
  }

  all(object: string): StoredRecord[] {
    return [...(this.objects.get(object)?.values() ?? [])].sort((a, b) => a.id - b.id);
  }

  /** How many records of `object` hold `value` in `field`: 1 per datong key, or a duplicate was made. */
  count(object: string, field: string, value: string): number {
    return this.all(object).filter((r) => String(r.fields[field]) === value).length;
  }

  dump(): XiaoshouyiDump {
    return Object.fromEntries([...this.objects.keys()].sort().map((object) => [object, this.all(object).map((r) => structuredClone(r))]));
  }

  private table(object: string): Map<number, StoredRecord> {
    let table = this.objects.get(object);
    if (!table) this.objects.set(object, (table = new Map()));
    return table;
  }
}

function withoutNulls(fields: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== null && v !== undefined && v !== ''));
}
