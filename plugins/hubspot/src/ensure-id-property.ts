import { ConfigError, type Logger } from '@datong/sdk';
import type { CrmApi } from './crm-api.js';

const GROUPS: Record<string, string> = { contacts: 'contactinformation', deals: 'dealinformation' };

/**
 * Makes sure the object type has the unique text property that holds datong's key, creating it
 * when missing. Upserts key on it; without hasUniqueValue HubSpot refuses to upsert by it.
 */
export async function ensureIdProperty(api: CrmApi, type: string, name: string, logger: Logger): Promise<void> {
  const found = await api.property(type, name);
  if (found) {
    if (!found.hasUniqueValue || found.type !== 'string') {
      throw new ConfigError([
        {
          pointer: '/idProperty',
          message: `the HubSpot ${type} property ${name} exists but is not a unique text property (type ${found.type}, hasUniqueValue ${found.hasUniqueValue === true}); choose another idProperty`,
        },
      ]);
    }
    return;
  }
  await api.createProperty(type, {
    name,
    label: 'datong key',
    description: "datong's stable key of this record, set by datong's sync: do not edit it.",
    type: 'string',
    fieldType: 'text',
    groupName: GROUPS[type],
    hasUniqueValue: true,
    formField: false,
  });
  logger.info(`hubspot: created the unique property ${name} on ${type}`, { object: type, property: name });
}
