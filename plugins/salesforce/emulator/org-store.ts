import { KEY_PREFIX, referenceByRelationship, SOBJECT_FIELDS, type FieldInfo } from './sobject-fields.js';

/** A record as the emulated org holds it. */
export interface OrgRecord {
  Id: string;
  fields: Record<string, unknown>;
  CreatedDate: string;
  LastModifiedDate: string;
}

/** One entry of a save result's `errors`, as Salesforce spells it. */
export interface SaveError {
  statusCode: string;
  message: string;
  fields: string[];
}

/** One record's save result: `{id, success, errors, created}`. */
export type SaveResult = { id: string; success: true; errors: []; created: boolean } | { success: false; errors: SaveError[] };

/** The org as plain data: the sObjects' live records and the Recycle Bin (what a test or a snapshot compares). */
export interface OrgDump {
  records: Record<string, OrgRecord[]>;
  recycleBin: Record<string, OrgRecord[]>;
}

const EMAIL = /^[^\s@<>()[\],;:"]+@[^\s@<>()[\],;:"]+\.[^\s@<>()[\],;:"]+$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * The emulated org's records by sObject, and the upsert rules of Salesforce's REST API: match by
 * External ID (none: insert; one: update; several: DUPLICATE_EXTERNAL_ID, nothing written),
 * lookups set through a relationship by the parent's external id (`Rel__r: {Ext__c: v}`; unknown:
 * INVALID_FIELD "Foreign key external ID … not found"), and the field validations a sync meets:
 * REQUIRED_FIELD_MISSING, INVALID_EMAIL_ADDRESS, STRING_TOO_LONG, INVALID_FIELD.
 */
export class OrgStore {
  readonly records: Record<string, Map<string, OrgRecord>> = { Contact: new Map(), Opportunity: new Map() };
  readonly recycleBin: Record<string, Map<string, OrgRecord>> = { Contact: new Map(), Opportunity: new Map() };
  private counter = 0;

  constructor(private readonly now: () => number) {}

  /** Upserts one record (a collections entry or a bulk row) by the External ID field `extField`. */
  upsert(sobject: string, extField: string, input: Record<string, unknown>): SaveResult {
    const fields = SOBJECT_FIELDS[sobject]!;
    const key = input[extField];
    if (typeof key !== 'string' || key === '') return failure('MISSING_ARGUMENT', `${extField} not specified`, [extField]);
    const matches = this.findAll(sobject, extField, key);
    if (matches.length > 1) {
      return failure('DUPLICATE_EXTERNAL_ID', `${fields[extField]?.label ?? extField}: more than one record found for external id field: [${matches.map((m) => m.Id).join(', ')}]`, [extField]);
    }
    const values: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(input)) {
      if (name === 'attributes' || name === 'Id') continue;
      if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
        const reference = referenceByRelationship(sobject, name);
        if (!reference) return failure('INVALID_FIELD', `No such column '${name}' on sobject of type ${sobject}`, [name]);
        const resolved = this.resolveReference(reference[1], value as Record<string, unknown>);
        if ('error' in resolved) return { success: false, errors: [resolved.error] };
        values[reference[0]] = resolved.id;
        continue;
      }
      const info = fields[name];
      if (!info) return failure('INVALID_FIELD', `No such column '${name}' on sobject of type ${sobject}`, [name]);
      const problem = invalid(name, info, value);
      if (problem) return { success: false, errors: [problem] };
      values[name] = info.kind === 'number' && typeof value === 'string' && value !== '' ? Number(value) : value;
    }
    const existing = matches[0];
    const merged = { ...(existing?.fields ?? {}), ...values };
    const missing = Object.entries(fields).filter(([name, info]) => info.required && (merged[name] === null || merged[name] === undefined || merged[name] === '')).map(([name]) => name);
    if (missing.length > 0) return failure('REQUIRED_FIELD_MISSING', `Required fields are missing: [${missing.join(', ')}]`, missing);
    const at = new Date(this.now()).toISOString();
    if (existing) {
      existing.fields = merged;
      existing.LastModifiedDate = at;
      return { id: existing.Id, success: true, errors: [], created: false };
    }
    const record: OrgRecord = { Id: this.newId(sobject), fields: merged, CreatedDate: at, LastModifiedDate: at };
    this.records[sobject]!.set(record.Id, record);
    return { id: record.Id, success: true, errors: [], created: true };
  }

  /** Deletes one record by Id into the Recycle Bin; lookups to it are cleared (a lookup's default "clear the value" rule). */
  delete(id: string): { id: string; success: boolean; errors: SaveError[] } {
    for (const [sobject, map] of Object.entries(this.records)) {
      const record = map.get(id);
      if (!record) continue;
      map.delete(id);
      this.recycleBin[sobject]!.set(id, record);
      for (const [other, otherFields] of Object.entries(SOBJECT_FIELDS)) {
        for (const [name, info] of Object.entries(otherFields)) {
          if (info.references?.sobject !== sobject) continue;
          for (const r of this.records[other]!.values()) if (r.fields[name] === id) r.fields[name] = null;
        }
      }
      return { id, success: true, errors: [] };
    }
    const deleted = Object.values(this.recycleBin).some((m) => m.has(id));
    return deleted
      ? { id, success: false, errors: [{ statusCode: 'ENTITY_IS_DELETED', message: 'entity is deleted', fields: [] }] }
      : { id, success: false, errors: [{ statusCode: 'INVALID_CROSS_REFERENCE_KEY', message: 'invalid cross reference id', fields: [] }] };
  }

  findAll(sobject: string, field: string, value: unknown): OrgRecord[] {
    return [...(this.records[sobject]?.values() ?? [])].filter((r) => r.fields[field] === value);
  }

  get(id: string): { sobject: string; record: OrgRecord } | undefined {
    for (const [sobject, map] of Object.entries(this.records)) {
      const record = map.get(id);
      if (record) return { sobject, record };
    }
    return undefined;
  }

  /** A record made in Salesforce by hand (a test plants a second one under a key to make it ambiguous). */
  plant(sobject: string, fields: Record<string, unknown>): OrgRecord {
    const at = new Date(this.now()).toISOString();
    const record: OrgRecord = { Id: this.newId(sobject), fields: { ...fields }, CreatedDate: at, LastModifiedDate: at };
    this.records[sobject]!.set(record.Id, record);
    return record;
  }

  dump(): OrgDump {
    const list = (maps: Record<string, Map<string, OrgRecord>>) => Object.fromEntries(Object.entries(maps).map(([s, m]) => [s, [...m.values()].map((r) => structuredClone(r))]));
    return { records: list(this.records), recycleBin: list(this.recycleBin) };
  }

  private resolveReference(info: FieldInfo, value: Record<string, unknown>): { id: string } | { error: SaveError } {
    const target = info.references!.sobject;
    const entries = Object.entries(value).filter(([k]) => k !== 'attributes');
    const [field, key] = entries[0] ?? [];
    const targetInfo = field === undefined ? undefined : SOBJECT_FIELDS[target]?.[field];
    if (entries.length !== 1 || !targetInfo || targetInfo.kind !== 'externalId') {
      return { error: { statusCode: 'INVALID_FIELD', message: `Foreign key external ID field must be an External ID field of ${target}`, fields: [] } };
    }
    const found = this.findAll(target, field!, key);
    if (found.length === 0) return { error: { statusCode: 'INVALID_FIELD', message: `Foreign key external ID: ${String(key)} not found for field ${field} in entity ${target}`, fields: [] } };
    if (found.length > 1) return { error: { statusCode: 'DUPLICATE_EXTERNAL_ID', message: `Foreign key external ID: ${String(key)} matches more than one ${target} for field ${field}`, fields: [] } };
    return { id: found[0]!.Id };
  }

  private newId(sobject: string): string {
    this.counter += 1;
    return `${KEY_PREFIX[sobject] ?? '001'}5g${String(this.counter).padStart(10, '0')}AAA`;
  }
}

function failure(statusCode: string, message: string, fields: string[]): SaveResult {
  return { success: false, errors: [{ statusCode, message, fields }] };
}

/** The validation error a value trips, if any. null clears a field (required ones are checked after). */
function invalid(name: string, info: FieldInfo, value: unknown): SaveError | undefined {
  if (value === null) return undefined;
  if (info.kind === 'number') {
    if (typeof value === 'number' || (typeof value === 'string' && value !== '' && Number.isFinite(Number(value)))) return undefined;
    return { statusCode: 'INVALID_TYPE_ON_FIELD_IN_RECORD', message: `${info.label}: value not of required type: ${String(value)}`, fields: [name] };
  }
  if (typeof value !== 'string') {
    return { statusCode: 'INVALID_TYPE_ON_FIELD_IN_RECORD', message: `${info.label}: value not of required type: ${JSON.stringify(value)}`, fields: [name] };
  }
  if (info.length !== undefined && value.length > info.length) {
    return { statusCode: 'STRING_TOO_LONG', message: `${info.label}: data value too large: ${value.slice(0, 100)} (max length=${info.length})`, fields: [name] };
  }
  if (info.kind === 'email' && value !== '' && !EMAIL.test(value)) {
    return { statusCode: 'INVALID_EMAIL_ADDRESS', message: `${info.label}: invalid email address: ${value}`, fields: [name] };
  }
  if (info.kind === 'date' && value !== '' && (!DATE.test(value) || Number.isNaN(Date.parse(value)))) {
    return { statusCode: 'INVALID_TYPE_ON_FIELD_IN_RECORD', message: `${info.label}: value not of required type: ${value}`, fields: [name] };
  }
  return undefined;
}
