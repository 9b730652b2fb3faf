/** The shape of a mapping file (see mapping.schema.json, which is the source of truth). */
export type MappingValue = string | number | boolean | null | unknown[] | { [key: string]: unknown };

export type FieldRule = string | FieldRuleObject;

export interface FieldRuleObject {
  from?: string;
  const?: MappingValue;
  expr?: string;
  default?: MappingValue;
  required?: boolean;
  type?: 'string' | 'integer' | 'number' | 'decimal' | 'boolean' | 'timestamp' | 'date' | 'json';
  normalize?: 'phone' | 'email' | 'money' | 'money_cents' | 'timestamp' | 'date' | 'name';
  currency?: string;
  timezone?: string;
  region?: string;
  values?: { [source: string]: unknown };
  valuesOf?: string;
  to?: string | (string | number | boolean)[];
  cases?: { when: { [field: string]: unknown } | string; then: MappingValue }[];
  else?: MappingValue;
  each?: { [target: string]: FieldRule };
}

export interface TierRules {
  field?: string;
  to?: string | string[];
  rules: { when: string; then: string }[];
  else?: string;
}

export interface TagRules {
  field?: string;
  rules: { when?: string; tag?: string; from?: string; values?: { [source: string]: string | null } }[];
}

export interface MappingSpec {
  $schema?: string;
  description?: string;
  fields: { [target: string]: FieldRule };
  enums?: { [name: string]: (string | number | boolean)[] };
  values?: { [name: string]: { [source: string]: unknown } };
  required?: string[];
  tier?: TierRules;
  tags?: TagRules;
}
