/** A HubSpot property definition, as the properties API shows it. */
export interface PropertyDefinition {
  name: string;
  label: string;
  type: 'string' | 'number' | 'date' | 'datetime' | 'enumeration' | 'bool';
  fieldType: string;
  groupName: string;
  description: string;
  options: { label: string; value: string; displayOrder: number; hidden: boolean }[];
  hasUniqueValue: boolean;
  hidden: boolean;
  formField: boolean;
  calculated: boolean;
  externalOptions: boolean;
  modificationMetadata: { archivable: boolean; readOnlyDefinition: boolean; readOnlyValue: boolean };
  createdAt: string;
  updatedAt: string;
  archived: boolean;
}

/** The object types the emulator holds, by name, with HubSpot's type ids. */
export const OBJECT_TYPES = { contacts: '0-1', deals: '0-3' } as const;
export type ObjectType = keyof typeof OBJECT_TYPES;

/** The property group new properties of each type go to by default. */
export const GROUPS: Record<ObjectType, string[]> = {
  contacts: ['contactinformation'],
  deals: ['dealinformation'],
};

/** The stages of HubSpot's default sales pipeline, by stage id. */
export const DEFAULT_PIPELINE_STAGES = [
  'appointmentscheduled',
  'qualifiedtobuy',
  'presentationscheduled',
  'decisionmakerboughtin',
  'contractsent',
  'closedwon',
  'closedlost',
];

const LIFECYCLE_STAGES = ['subscriber', 'lead', 'marketingqualifiedlead', 'salesqualifiedlead', 'opportunity', 'customer', 'evangelist', 'other'];
const LEAD_STATUSES = ['NEW', 'OPEN', 'IN_PROGRESS', 'OPEN_DEAL', 'UNQUALIFIED', 'ATTEMPTED_TO_CONTACT', 'CONNECTED', 'BAD_TIMING'];
const EPOCH = '2019-08-06T00:00:00.000Z';

interface Extra {
  values?: string[];
  readOnly?: boolean;
  hasUniqueValue?: boolean;
}
type Spec = [name: string, type: PropertyDefinition['type'], extra?: Extra];

const CONTACT_PROPERTIES: Spec[] = [
  ['email', 'string', { hasUniqueValue: true }],
  ['firstname', 'string'],
  ['lastname', 'string'],
  ['phone', 'string'],
  ['mobilephone', 'string'],
  ['company', 'string'],
  ['jobtitle', 'string'],
  ['website', 'string'],
  ['address', 'string'],
  ['city', 'string'],
  ['state', 'string'],
  ['zip', 'string'],
  ['country', 'string'],
  ['lifecyclestage', 'enumeration', { values: LIFECYCLE_STAGES }],
  ['hs_lead_status', 'enumeration', { values: LEAD_STATUSES }],
  ['hs_object_id', 'number', { readOnly: true }],
  ['hs_merged_object_ids', 'string', { readOnly: true }],
  ['createdate', 'datetime', { readOnly: true }],
  ['lastmodifieddate', 'datetime', { readOnly: true }],
];

const DEAL_PROPERTIES: Spec[] = [
  ['dealname', 'string'],
  ['amount', 'number'],
  ['deal_currency_code', 'enumeration', { values: ['CNY', 'USD', 'EUR', 'GBP', 'CAD', 'HKD', 'JPY', 'AUD', 'SGD'] }],
  ['pipeline', 'enumeration', { values: ['default'] }],
  ['dealstage', 'enumeration', { values: DEFAULT_PIPELINE_STAGES }],
  ['closedate', 'datetime'],
  ['dealtype', 'enumeration', { values: ['newbusiness', 'existingbusiness'] }],
  ['description', 'string'],
  ['hs_object_id', 'number', { readOnly: true }],
  ['hs_merged_object_ids', 'string', { readOnly: true }],
  ['createdate', 'datetime', { readOnly: true }],
  ['hs_lastmodifieddate', 'datetime', { readOnly: true }],
];

/** The properties a fresh HubSpot account has (the part of them datong meets). */
export function defaultProperties(type: ObjectType): Map<string, PropertyDefinition> {
  const specs = type === 'contacts' ? CONTACT_PROPERTIES : DEAL_PROPERTIES;
  const group = GROUPS[type][0]!;
  return new Map(specs.map(([name, kind, extra = {}]) => [name, definition(name, kind, group, extra)]));
}

function definition(name: string, type: PropertyDefinition['type'], groupName: string, extra: Extra): PropertyDefinition {
  const readOnly = extra.readOnly === true;
  return {
    name,
    label: name,
    type,
    fieldType: fieldTypeOf(type),
    groupName,
    description: '',
    options: (extra.values ?? []).map((value, i) => ({ label: value, value, displayOrder: i, hidden: false })),
    hasUniqueValue: extra.hasUniqueValue ?? false,
    hidden: false,
    formField: !readOnly,
    calculated: false,
    externalOptions: false,
    modificationMetadata: { archivable: !readOnly, readOnlyDefinition: true, readOnlyValue: readOnly },
    createdAt: EPOCH,
    updatedAt: EPOCH,
    archived: false,
  };
}

/** The form control HubSpot pairs with each type by default. */
export function fieldTypeOf(type: PropertyDefinition['type']): string {
  return { string: 'text', number: 'number', date: 'date', datetime: 'date', enumeration: 'select', bool: 'booleancheckbox' }[type];
}
