import type { DataRecord } from '@datong/sdk';
import type { SinkSettings } from '../sink-settings.js';
import { nullable, ref, text, type FormLayout } from './form-layout.js';

/** Record field → BD_Customer text field, written and read back as they are. */
const TEXT_FIELDS = ['FName', 'FShortName', 'FTEL', 'FADDRESS'] as const;

/**
 * Customers as BD_Customer: datong's customer_key is FNumber (the internal id FCUSTID stays
 * Kingdee's); FCreateOrgId and FUseOrgId are the config's orgNumber; the tier goes in the customer
 * group FGroup (by number), the tags ';'-joined in the text field `tagsField` (default FDescription).
 */
export class CustomerLayout implements FormLayout {
  readonly object = 'customers';
  readonly formId = 'BD_Customer';
  // A query for FID on BD_Customer fails: the customer's id is FCUSTID.
  readonly idField = 'FCUSTID';
  readonly numberField = 'FNumber';
  readonly keyField = 'customer_key';
  readonly isDeleteEntry = false;
  readonly readFields: string[];
  readonly orderString = '';

  constructor(private readonly settings: Pick<SinkSettings, 'orgNumber' | 'tagsField'>) {
    this.readFields = ['FCUSTID', 'FNumber', ...TEXT_FIELDS, 'FGroup.FNumber', settings.tagsField];
  }

  model(key: string, record: DataRecord, id: number): Record<string, unknown> {
    const model: Record<string, unknown> = {
      FCUSTID: id,
      FCreateOrgId: ref(this.settings.orgNumber),
      FUseOrgId: ref(this.settings.orgNumber),
      FNumber: key,
    };
    for (const field of TEXT_FIELDS) if (field in record) model[field] = text(record[field]);
    if ('FGroup' in record) model.FGroup = ref(record.FGroup);
    if ('tags' in record) model[this.settings.tagsField] = Array.isArray(record.tags) ? record.tags.join(';') : '';
    return model;
  }

  updateFields(record: DataRecord): string[] {
    const fields = ['FNumber', ...TEXT_FIELDS.filter((f) => f in record)];
    if ('FGroup' in record) fields.push('FGroup');
    if ('tags' in record) fields.push(this.settings.tagsField);
    return fields;
  }

  records(rows: unknown[][]): Map<string, DataRecord> {
    const out = new Map<string, DataRecord>();
    for (const row of rows) {
      const [, number, name, shortName, tel, address, group, tags] = row;
      const key = String(number);
      const joined = nullable(tags);
      out.set(key, {
        customer_key: key,
        FName: text(name),
        FShortName: nullable(shortName),
        FTEL: nullable(tel),
        FADDRESS: nullable(address),
        FGroup: nullable(group),
        tags: joined === null ? null : joined.split(';'),
      });
    }
    return out;
  }
}
