import type { DataRecord } from '@datong/sdk';
import type { U8Record } from './u8-client.js';

/** Record fields that are U8 customer fields of the same name. */
const PLAIN_FIELDS = ['name', 'abbrname', 'sort_code', 'contact', 'phone', 'mobile', 'address', 'memo'] as const;

/**
 * How a customer record maps to a U8 customer and back: `customer_key` is the U8 `code`; tier and
 * tags live in two self-defined fields (`tierField`, `tagsField`), tags comma-separated. A field
 * the record leaves out is not sent (U8 keeps its value); null is sent as "" (cleared). Read back,
 * every field is there, empty ones as null (tags as []), so a before-image written back clears
 * what a later run set.
 */
export class CustomerCodec {
  constructor(
    private readonly tierField: string,
    private readonly tagsField: string,
  ) {}

  /** The body of an add (`creating`) or an edit. U8 requires abbrname on an add: the name stands in. */
  toU8(key: string, record: DataRecord, creating: boolean): U8Record {
    const body: U8Record = { code: key };
    for (const field of PLAIN_FIELDS) if (field in record) body[field] = text(record[field]);
    if (creating && (body.abbrname === undefined || body.abbrname === '')) body.abbrname = text(record.name);
    if ('tier' in record) body[this.tierField] = text(record.tier);
    if ('tags' in record) body[this.tagsField] = Array.isArray(record.tags) ? record.tags.map(String).join(',') : '';
    return body;
  }

  /** The record in the shape it was written, from U8's customer. */
  fromU8(customer: U8Record): DataRecord {
    const record: DataRecord = { customer_key: String(customer.code) };
    for (const field of PLAIN_FIELDS) record[field] = orNull(customer[field]);
    record.tier = orNull(customer[this.tierField]);
    const tags = orNull(customer[this.tagsField]);
    record.tags = tags === null ? [] : String(tags).split(',').filter((t) => t !== '');
    return record;
  }
}

/** A customer rollback deactivated (end_date set) counts as gone: read-back leaves it out. */
export function isDeactivated(customer: U8Record): boolean {
  return typeof customer.end_date === 'string' && customer.end_date !== '';
}

function text(value: unknown): string {
  return value === null || value === undefined ? '' : String(value);
}

function orNull(value: unknown): unknown {
  return value === undefined || value === null || value === '' ? null : value;
}
