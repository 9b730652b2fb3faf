import { ConfigError, type DataRecord, type JsonSchema, type Logger, type SinkObjectSpec } from '@datong/sdk';
import type { PropertyInfo } from './crm-api.js';
import { allowsNull, decodeValue, encodeValue, keyFields } from './property-codec.js';

/** The field of a deal record that names its contact's datong key: an association, not a property. */
export const CONTACT_KEY = 'contact_key';

/**
 * How the fields of one sink object's records map to HubSpot properties, decided when the object
 * is opened from the account's property list and two schemas: the object's own contract
 * (contracts/*.schema.json) and the stage's record schema. The stage's schema counts only when it
 * describes the records written, i.e. holds the key fields: a stage with a map and no `model:`
 * passes its source's schema, which does not. A field of a describing schema that HubSpot lacks is
 * a config error at the start instead of a hundred dead letters.
 */
export class ObjectLayout {
  /** The fields read back: the declared ones HubSpot holds and datong may write. */
  readonly written: string[];
  private readonly known: Map<string, PropertyInfo>;
  private readonly fields = new Map<string, JsonSchema>();
  private readonly warned = new Set<string>();

  /**
   * @param pending datong's own properties the account does not have yet, when the object is
   *   opened read-only and they were not created: a field of one is not refused as unknown, and
   *   reads back as nothing.
   */
  constructor(
    readonly spec: SinkObjectSpec,
    readonly idProperty: string,
    properties: PropertyInfo[],
    contract: JsonSchema | undefined,
    private readonly logger: Logger,
    private readonly pending: readonly string[] = [],
  ) {
    this.known = new Map(properties.map((p) => [p.name, p]));
    const given = (spec.schema.properties ?? {}) as Record<string, JsonSchema>;
    const describes = spec.key.every((field) => field in given);
    for (const [field, schema] of Object.entries((contract?.properties ?? {}) as Record<string, JsonSchema>)) this.fields.set(field, schema);
    if (describes) {
      this.check(Object.keys(given));
      for (const [field, schema] of Object.entries(given)) this.fields.set(field, schema);
    }
    this.written = [...this.fields.keys()].filter((f) => f !== idProperty && !this.skipped(f) && this.writable(f));
  }

  /** Whether the account has the key property: without it (not created yet) it holds no datong record. */
  get keyed(): boolean {
    return this.known.has(this.idProperty);
  }

  /** The properties of one upsert input: the record's fields HubSpot knows, and datong's key. */
  properties(key: string, record: DataRecord): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [field, value] of Object.entries(record)) {
      if (field === this.idProperty || this.skipped(field)) continue;
      if (!this.writable(field)) {
        this.warnOnce(field, this.known.has(field) ? 'is read-only in HubSpot' : 'is no HubSpot property');
        continue;
      }
      const text = encodeValue(value);
      if (text !== undefined) out[field] = text;
    }
    out[this.idProperty] = key;
    return out;
  }

  /** The properties to ask for when reading records back. */
  readProperties(): string[] {
    return [...this.written, this.idProperty];
  }

  /**
   * A record read back, typed as its schema says, key fields included. A property without a value
   * is null where the schema allows it, so a rollback that writes this before-image clears it.
   */
  record(key: string, properties: Record<string, string | null>): DataRecord {
    const record: DataRecord = keyFields(key, this.spec.key, Object.fromEntries(this.fields));
    for (const field of this.written) {
      const schema = this.fields.get(field);
      const value = decodeValue(properties[field], schema);
      if (value !== undefined) record[field] = value;
      else if (allowsNull(schema)) record[field] = null;
    }
    // As a normal open would read it once the property is created: empty.
    for (const field of this.pending) if (this.fields.has(field) && allowsNull(this.fields.get(field))) record[field] = null;
    return record;
  }

  private check(fields: string[]): void {
    const unknown = fields.filter((f) => f !== this.idProperty && !this.skipped(f) && !this.known.has(f) && !this.pending.includes(f));
    const readOnly = fields.filter((f) => this.known.get(f)?.modificationMetadata?.readOnlyValue === true && f !== this.idProperty);
    const them = (list: string[]) => (list.length > 1 ? 'them' : 'it');
    const problems: string[] = [];
    if (unknown.length) {
      problems.push(`HubSpot ${this.spec.name} have no propert${unknown.length > 1 ? 'ies' : 'y'} ${unknown.join(', ')}: create ${them(unknown)} in HubSpot (Settings > Properties) or leave ${them(unknown)} out of the stage's mapping`);
    }
    if (readOnly.length) problems.push(`HubSpot computes ${readOnly.join(', ')} of ${this.spec.name} itself (read-only): leave ${them(readOnly)} out of the stage's mapping`);
    if (problems.length > 0) throw new ConfigError(problems.map((message) => ({ pointer: `/objects/${this.spec.name}`, message })));
  }

  private writable(field: string): boolean {
    const property = this.known.get(field);
    return property !== undefined && property.modificationMetadata?.readOnlyValue !== true;
  }

  /** Key fields that are not HubSpot properties live in the idProperty; a deal's contact key is an association. */
  private skipped(field: string): boolean {
    if (this.spec.name === 'deals' && field === CONTACT_KEY) return true;
    return this.spec.key.includes(field) && !this.known.has(field);
  }

  private warnOnce(field: string, why: string): void {
    if (this.warned.has(field)) return;
    this.warned.add(field);
    this.logger.warn(`hubspot: field ${field} of ${this.spec.name} ${why}; it is not written`, { object: this.spec.name, field });
  }
}
