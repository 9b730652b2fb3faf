import type { DataRecord, JsonSchema } from '@datong/sdk';
import type { QueriedRecord } from './rest-api.js';

/** The record field of an order that names its customer's datong key: a lookup, not a field. */
export const CUSTOMER_KEY = 'customer_key';
/** The multi-select picklist whose value is the tags joined by ';'. */
const TAGS_FIELD = 'Datong_Tags__c';

/**
 * How one datong object maps onto one Salesforce sObject: the record's key field goes into the
 * External ID field, every other contract field is a field by its API name, tags are joined by
 * ';' (a multi-select picklist's value), and an order's `customer_key` becomes its contact lookup,
 * set by the contact's external id (`Datong_Contact__r: {Datong_Key__c: "…"}`), so writing an
 * order needs no look-up call.
 */
export class ObjectLayout {
  /** The contract's Salesforce fields: what read-back selects and returns. */
  readonly fields: string[];
  /** `Datong_Contact__r`: the lookup's relationship name (custom lookups end in __r). */
  readonly relationship: string | undefined;

  constructor(
    readonly sobject: 'Contact' | 'Opportunity',
    readonly keyField: string,
    contract: JsonSchema,
    readonly externalIdField: string,
    readonly contactLookupField: string | undefined,
  ) {
    const declared = Object.keys((contract.properties ?? {}) as Record<string, unknown>);
    this.fields = declared.filter((f) => f !== keyField && f !== CUSTOMER_KEY && f !== externalIdField);
    this.relationship = contactLookupField?.replace(/__c$/, '__r');
  }

  /** The fields of one upsert: the record's (tags joined, the customer as a lookup by external id) and datong's key. */
  body(key: string, record: DataRecord): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const [field, value] of Object.entries(record)) {
      if (field === this.keyField || field === this.externalIdField || value === undefined) continue;
      if (field === CUSTOMER_KEY && this.relationship) {
        if (value === null || value === '') out[this.contactLookupField!] = null;
        else out[this.relationship] = { [this.externalIdField]: String(value) };
        continue;
      }
      out[field] = field === TAGS_FIELD && Array.isArray(value) ? (value.length > 0 ? value.join(';') : null) : value;
    }
    out[this.externalIdField] = key;
    return out;
  }

  /** The SELECT list of read-back and scan. */
  selectList(): string[] {
    const extra = this.relationship ? [`${this.relationship}.${this.externalIdField}`] : [];
    return ['Id', this.externalIdField, ...this.fields, ...extra];
  }

  /** A queried record in the written shape, every contract field present (null when empty), so writing it back restores it. */
  record(row: QueriedRecord): { key: string; record: DataRecord } | undefined {
    const key = row[this.externalIdField];
    if (typeof key !== 'string' || key === '') return undefined;
    const record: DataRecord = { [this.keyField]: key };
    for (const field of this.fields) {
      const value = row[field] ?? null;
      record[field] = field === TAGS_FIELD && typeof value === 'string' ? value.split(';').filter((t) => t !== '') : value;
    }
    if (this.relationship) {
      const related = row[this.relationship] as Record<string, unknown> | null | undefined;
      record[CUSTOMER_KEY] = (related?.[this.externalIdField] as string | undefined) ?? null;
    }
    return { key, record };
  }
}
