import type { DataRecord, JsonSchema, SinkObjectSpec } from '@datong/sdk';
import type { XRecord } from './xobject-api.js';

/** The order field that names its customer by datong key; Xiaoshouyi holds the account's id in accountId instead. */
export const CUSTOMER_KEY = 'customer_key';
/** Xiaoshouyi's lookup field from an order (or opportunity) to its account. */
export const ACCOUNT_ID = 'accountId';
/** The tags field: an array in datong, one text joined by TAG_SEPARATOR in Xiaoshouyi. */
export const TAGS_FIELD = 'datong_tags__c';
const TAG_SEPARATOR = ';';

/**
 * How one sink object's records map to a Xiaoshouyi xobject's fields: decided when the object is
 * opened, from the object's contract (contracts/*.schema.json) and the stage's record schema when
 * that one describes the records written (holds the key fields). Field names are Xiaoshouyi's API
 * keys, so most values pass through; the key goes to keyField, an order's customer_key becomes
 * accountId, and the tags array becomes one text.
 */
export class ObjectLayout {
  /** The fields read back (and scanned), besides the key: Xiaoshouyi API keys. */
  readonly fields: string[];

  constructor(
    readonly spec: SinkObjectSpec,
    readonly xobject: string,
    readonly keyField: string,
    contract: JsonSchema,
    readonly linksCustomer: boolean,
  ) {
    const given = (spec.schema.properties ?? {}) as Record<string, unknown>;
    const describes = spec.key.every((field) => field in given);
    const declared = [...Object.keys((contract.properties ?? {}) as Record<string, unknown>), ...(describes ? Object.keys(given) : [])];
    this.fields = [...new Set(declared)].filter((f) => !this.special(f) && /^[A-Za-z][A-Za-z0-9_]*$/.test(f));
  }

  /** The fields an XOQL read-back selects. */
  selectFields(): string[] {
    return ['id', this.keyField, ...this.fields, ...(this.linksCustomer ? [ACCOUNT_ID] : [])];
  }

  /**
   * The `data` of a create or update: the record's fields, datong's key in keyField, and (orders)
   * the account id. A null clears a field on update; a create leaves nulls out.
   */
  data(key: string, record: DataRecord, accountId: string | undefined, creating: boolean): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const [field, value] of Object.entries(record)) {
      if (this.special(field) || value === undefined) continue;
      const encoded = field === TAGS_FIELD ? encodeTags(value) : value;
      if (encoded === null && creating) continue;
      out[field] = encoded;
    }
    if (accountId !== undefined) out[ACCOUNT_ID] = numericId(accountId);
    out[this.keyField] = key;
    return out;
  }

  /** A record read back, in the shape written: key fields, every declared field (null when empty), and (orders) the customer's key. */
  record(key: string, held: XRecord, customerKey: string | null | undefined): DataRecord {
    const record: DataRecord = {};
    if (this.spec.key.length === 1) record[this.spec.key[0]!] = key;
    for (const field of this.fields) {
      const value = held[field];
      record[field] = value === undefined || value === null || value === '' ? null : field === TAGS_FIELD ? decodeTags(value) : value;
    }
    if (this.linksCustomer) record[CUSTOMER_KEY] = customerKey ?? null;
    return record;
  }

  /** Key fields live in keyField, an order's customer_key in accountId: neither is written as itself. */
  private special(field: string): boolean {
    return this.spec.key.includes(field) || field === this.keyField || field === 'id' || (this.linksCustomer && (field === CUSTOMER_KEY || field === ACCOUNT_ID));
  }
}

function encodeTags(value: unknown): unknown {
  if (value === null) return null;
  if (!Array.isArray(value)) return value;
  const tags = value.map(String).filter((t) => t !== '');
  return tags.length === 0 ? null : tags.join(TAG_SEPARATOR);
}

function decodeTags(value: unknown): unknown {
  if (Array.isArray(value)) return value;
  return String(value)
    .split(TAG_SEPARATOR)
    .map((t) => t.trim())
    .filter((t) => t !== '');
}

/** Xiaoshouyi ids are numbers (below 2^53); a lookup field takes the number. */
function numericId(id: string): number | string {
  const n = Number(id);
  return /^[0-9]+$/.test(id) && Number.isSafeInteger(n) ? n : id;
}
