/** What the emulated org knows of one field: its label (for messages), its kind and its limits. */
export interface FieldInfo {
  label: string;
  kind: 'text' | 'email' | 'phone' | 'number' | 'date' | 'picklist' | 'multipicklist' | 'reference' | 'externalId';
  length?: number;
  /** Required on create (and may not be set to null later). */
  required?: boolean;
  /** For a reference: the sObject it points at and its relationship name. */
  references?: { sobject: string; relationship: string };
}

/**
 * The fields of the emulated org: Contact and Opportunity as Salesforce ships them (the part a
 * sync writes; lengths from the standard object reference) plus the custom fields the plugin's
 * README asks an admin to create.
 */
export const SOBJECT_FIELDS: Record<string, Record<string, FieldInfo>> = {
  Contact: {
    LastName: { label: 'Last Name', kind: 'text', length: 80, required: true },
    FirstName: { label: 'First Name', kind: 'text', length: 40 },
    Email: { label: 'Email', kind: 'email', length: 80 },
    Phone: { label: 'Business Phone', kind: 'phone', length: 40 },
    MobilePhone: { label: 'Mobile Phone', kind: 'phone', length: 40 },
    MailingStreet: { label: 'Mailing Street', kind: 'text', length: 255 },
    MailingCity: { label: 'Mailing City', kind: 'text', length: 40 },
    MailingState: { label: 'Mailing State/Province', kind: 'text', length: 80 },
    MailingPostalCode: { label: 'Mailing Zip/Postal Code', kind: 'text', length: 20 },
    MailingCountry: { label: 'Mailing Country', kind: 'text', length: 80 },
    Datong_Key__c: { label: 'Datong Key', kind: 'externalId', length: 255 },
    Datong_Tier__c: { label: 'Datong Tier', kind: 'text', length: 255 },
    Datong_Tags__c: { label: 'Datong Tags', kind: 'multipicklist', length: 4099 },
  },
  Opportunity: {
    Name: { label: 'Name', kind: 'text', length: 120, required: true },
    StageName: { label: 'Stage', kind: 'picklist', length: 255, required: true },
    CloseDate: { label: 'Close Date', kind: 'date', required: true },
    Amount: { label: 'Amount', kind: 'number' },
    CurrencyIsoCode: { label: 'Opportunity Currency', kind: 'picklist', length: 3 },
    Description: { label: 'Description', kind: 'text', length: 32000 },
    Datong_Key__c: { label: 'Datong Key', kind: 'externalId', length: 255 },
    Datong_Contact__c: { label: 'Datong Contact', kind: 'reference', references: { sobject: 'Contact', relationship: 'Datong_Contact__r' } },
    Datong_Payment_Status__c: { label: 'Datong Payment Status', kind: 'text', length: 255 },
    Datong_Fulfillment_Status__c: { label: 'Datong Fulfillment Status', kind: 'text', length: 255 },
  },
};

/** The 3-character key prefix of each sObject's record ids. */
export const KEY_PREFIX: Record<string, string> = { Contact: '003', Opportunity: '006' };

/** The reference field whose relationship name this is (`Datong_Contact__r` → `Datong_Contact__c`). */
export function referenceByRelationship(sobject: string, relationship: string): [string, FieldInfo] | undefined {
  return Object.entries(SOBJECT_FIELDS[sobject] ?? {}).find(([, info]) => info.references?.relationship === relationship);
}
