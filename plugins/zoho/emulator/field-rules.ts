/** The shape of a Zoho field, as far as the emulator checks values. */
interface FieldRule {
  type: 'text' | 'email' | 'multiselect' | 'currency' | 'date' | 'lookup' | 'picklist' | 'textarea';
  maxLength?: number;
  mandatory?: boolean;
  unique?: boolean;
}

/**
 * The fields of the emulated modules, by API name, with Zoho's types and lengths (Contacts and Deals
 * standard fields, plus the custom fields datong asks an account to create: Datong_Key, unique, on
 * both; Datong_Tier and the multi-select Datong_Tags on Contacts; three status picklists on Deals).
 */
export const MODULE_FIELDS: Record<string, Record<string, FieldRule>> = {
  Contacts: {
    Last_Name: { type: 'text', maxLength: 80, mandatory: true },
    First_Name: { type: 'text', maxLength: 40 },
    Email: { type: 'email', maxLength: 100 },
    Phone: { type: 'text', maxLength: 30 },
    Mobile: { type: 'text', maxLength: 30 },
    Mailing_Street: { type: 'text', maxLength: 250 },
    Mailing_City: { type: 'text', maxLength: 100 },
    Mailing_State: { type: 'text', maxLength: 100 },
    Mailing_Zip: { type: 'text', maxLength: 30 },
    Mailing_Country: { type: 'text', maxLength: 100 },
    Description: { type: 'textarea', maxLength: 32_000 },
    Datong_Key: { type: 'text', maxLength: 255, unique: true },
    Datong_Tier: { type: 'text', maxLength: 100 },
    Datong_Tags: { type: 'multiselect' },
  },
  Deals: {
    Deal_Name: { type: 'text', maxLength: 120, mandatory: true },
    Stage: { type: 'picklist' },
    Amount: { type: 'currency' },
    Closing_Date: { type: 'date' },
    Description: { type: 'textarea', maxLength: 32_000 },
    Contact_Name: { type: 'lookup' },
    Datong_Key: { type: 'text', maxLength: 255, unique: true },
    Datong_Payment_Status: { type: 'picklist' },
    Datong_Fulfillment_Status: { type: 'picklist' },
    Datong_Refund_Status: { type: 'picklist' },
  },
};

/** A refused record's entry, as Zoho lists it in the `data` of an answer. */
export interface RefusalEntry {
  code: 'MANDATORY_NOT_FOUND' | 'INVALID_DATA' | 'DUPLICATE_DATA';
  details: Record<string, unknown>;
  message: string;
  status: 'error';
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Why Zoho refuses this record, or undefined. On insert the mandatory fields must be there; a null
 * clears a field, which a mandatory one refuses. Fields the module lacks are ignored (UNCONFIRMED).
 */
export function refusal(module: string, record: Record<string, unknown>, index: number, inserting: boolean, lookupExists: (id: string) => boolean): RefusalEntry | undefined {
  const fields = MODULE_FIELDS[module] ?? {};
  const path = (name: string) => `$.data[${index}].${name}`;
  for (const [name, rule] of Object.entries(fields)) {
    if (!rule.mandatory) continue;
    const value = record[name];
    const missing = value === null || (typeof value === 'string' && value.trim() === '') || (value === undefined && inserting);
    if (missing) return { code: 'MANDATORY_NOT_FOUND', details: { api_name: name, json_path: path(name) }, message: 'required field not found', status: 'error' };
  }
  for (const [name, value] of Object.entries(record)) {
    const rule = fields[name];
    if (!rule || value === null) continue;
    const invalid = (extra: Record<string, unknown>): RefusalEntry => ({ code: 'INVALID_DATA', details: { api_name: name, json_path: path(name), ...extra }, message: 'invalid data', status: 'error' });
    switch (rule.type) {
      case 'text':
      case 'textarea':
      case 'picklist':
      case 'email':
        if (typeof value !== 'string') return invalid({ expected_data_type: rule.type === 'email' ? 'email' : 'text' });
        if (rule.maxLength !== undefined && value.length > rule.maxLength) return invalid({ maximum_length: rule.maxLength });
        if (rule.type === 'email' && !EMAIL.test(value)) return invalid({ expected_data_type: 'email' });
        break;
      case 'multiselect':
        if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) return invalid({ expected_data_type: 'jsonarray' });
        break;
      case 'currency':
        if (typeof value !== 'number' || !Number.isFinite(value)) return invalid({ expected_data_type: 'double' });
        break;
      case 'date':
        if (typeof value !== 'string' || !DATE.test(value) || Number.isNaN(Date.parse(value))) return invalid({ expected_data_type: 'date' });
        break;
      case 'lookup': {
        const id = (value as { id?: unknown })?.id;
        if (typeof id !== 'string' || !lookupExists(id)) return invalid({ expected_data_type: 'lookup', supported_values: 'an existing Contacts id' });
        break;
      }
    }
  }
  return undefined;
}
