import type { DataRecord, JsonSchema, Logger } from '@datong/sdk';
import contacts from '../contracts/contacts.schema.json' with { type: 'json' };
import deals from '../contracts/deals.schema.json' with { type: 'json' };

/** The record field that names a deal's customer by datong's key: the lookup Contact_Name, resolved. */
export const CUSTOMER_KEY = 'customer_key';
/** The Deals lookup to the contact. */
export const CONTACT_LOOKUP = 'Contact_Name';

/** datong's object names, the Zoho module each writes and the record field holding datong's key. */
const OBJECTS = {
  contacts: { module: 'Contacts', keyName: 'customer_key', contract: contacts as JsonSchema },
  deals: { module: 'Deals', keyName: 'order_key', contract: deals as JsonSchema },
} as const;

export type ObjectName = keyof typeof OBJECTS;
export const OBJECT_NAMES = Object.keys(OBJECTS) as ObjectName[];

export function isObjectName(name: string): name is ObjectName {
  return Object.hasOwn(OBJECTS, name);
}

/**
 * How one object's records map to a Zoho module's fields: every contract field but the key (kept in
 * keyField) and, for deals, customer_key (the Contact_Name lookup) is a Zoho field of the same API
 * name. Read back, every such field is present, null when Zoho holds nothing, so a rollback that
 * writes the image back clears what the run set.
 */
export class ModuleLayout {
  readonly module: string;
  readonly keyName: string;
  /** The Zoho fields a record carries, by API name. */
  readonly fields: string[];
  private readonly warned = new Set<string>();

  constructor(
    readonly name: ObjectName,
    readonly keyField: string,
    private readonly logger: Logger,
  ) {
    const object = OBJECTS[name];
    this.module = object.module;
    this.keyName = object.keyName;
    const properties = Object.keys((object.contract.properties ?? {}) as Record<string, unknown>);
    this.fields = properties.filter((f) => f !== this.keyName && f !== CUSTOMER_KEY);
  }

  get isDeals(): boolean {
    return this.name === 'deals';
  }

  /** The fields to ask Zoho for when reading records back. */
  readFields(): string[] {
    return [...this.fields, this.keyField, ...(this.isDeals ? [CONTACT_LOOKUP] : [])];
  }

  /**
   * One record of an upsert: its fields, datong's key in keyField, and for a deal the lookup to
   * its contact (`contactId`), or null when the record says it has none.
   */
  toZoho(key: string, record: DataRecord, contactId?: string | null): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const [field, value] of Object.entries(record)) {
      if (field === this.keyName || field === CUSTOMER_KEY || value === undefined) continue;
      if (!this.fields.includes(field)) {
        this.warnOnce(field);
        continue;
      }
      out[field] = field === 'Amount' ? amount(value) : value;
    }
    out[this.keyField] = key;
    if (this.isDeals && contactId !== undefined) out[CONTACT_LOOKUP] = contactId === null ? null : { id: contactId };
    return out;
  }

  /** A record read back, in the shape it was written; `contactKeys` maps contact ids to their datong keys. */
  fromZoho(row: Record<string, unknown>, contactKeys?: Map<string, string>): DataRecord {
    const record: DataRecord = { [this.keyName]: String(row[this.keyField]) };
    if (this.isDeals) {
      const lookup = row[CONTACT_LOOKUP] as { id?: unknown } | null | undefined;
      const id = lookup && typeof lookup === 'object' && lookup.id !== undefined ? String(lookup.id) : undefined;
      record[CUSTOMER_KEY] = id === undefined ? null : (contactKeys?.get(id) ?? null);
    }
    for (const field of this.fields) {
      const value = row[field];
      record[field] = value === undefined ? null : field === 'Amount' ? amount(value) : value;
    }
    return record;
  }

  /** The customer key a deal record names: a key, null (no contact), or undefined (the record says nothing). */
  customerKeyOf(record: DataRecord): string | null | undefined {
    if (!(CUSTOMER_KEY in record)) return undefined;
    const value = record[CUSTOMER_KEY];
    return value === null || value === undefined || value === '' ? null : String(value);
  }

  private warnOnce(field: string): void {
    if (this.warned.has(field)) return;
    this.warned.add(field);
    this.logger.warn(`zoho: field ${field} is not a field of ${this.module} this sink writes; it is left out`, { object: this.name, field });
  }
}

/** Zoho's currency fields are numbers; records may carry decimal text ("129.90"). */
function amount(value: unknown): unknown {
  if (typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value.trim())) return Number(value);
  return value;
}
