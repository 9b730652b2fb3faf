import { ConfigError, type Logger } from '@datong/sdk';
import type { CrmApi, PropertyInfo } from './crm-api.js';

/** A text property datong owns on a HubSpot object type: created when missing, checked when found. */
export interface DatongProperty {
  name: string;
  label: string;
  description: string;
  /** HubSpot allows one record per value (the key property): upserts key on it. */
  hasUniqueValue: boolean;
  /** Where a ConfigError points when the account's property of that name does not fit. */
  pointer: string;
  /** What a person can do when it does not fit. */
  remedy: string;
}

const GROUPS: Record<string, string> = { contacts: 'contactinformation', deals: 'dealinformation' };

/**
 * Makes sure the object type has each of datong's properties, creating the missing ones, and
 * answers the type's property list with them in it. One that exists must be a writable text
 * property, unique exactly when datong's is: an upsert by a non-unique property is refused, and a
 * unique tier would let only one contact hold each tier. Nothing is created when one does not fit.
 */
export async function ensureDatongProperties(api: CrmApi, type: string, wanted: DatongProperty[], logger: Logger): Promise<PropertyInfo[]> {
  const { properties, missing } = await findDatongProperties(api, type, wanted);
  for (const want of missing) {
    const created = await api.createProperty(type, {
      name: want.name,
      label: want.label,
      description: want.description,
      type: 'string',
      fieldType: 'text',
      groupName: GROUPS[type],
      hasUniqueValue: want.hasUniqueValue,
      formField: false,
    });
    // Another worker may have created it meanwhile, and someone else may have done so differently.
    if (!fits(created, want)) throw new ConfigError([{ pointer: want.pointer, message: unfit(type, created, want) }]);
    properties.push(created);
    logger.info(`hubspot: created the ${want.hasUniqueValue ? 'unique ' : ''}property ${want.name} on ${type}`, { object: type, property: want.name });
  }
  return properties;
}

/**
 * Reads the object type's property list and tells which of datong's properties it lacks, creating
 * nothing: what an object opened read-only goes by. One that exists and does not fit is the same
 * ConfigError as `ensureDatongProperties` gives, as the run would meet it.
 */
export async function findDatongProperties(api: CrmApi, type: string, wanted: DatongProperty[]): Promise<{ properties: PropertyInfo[]; missing: DatongProperty[] }> {
  const properties = await api.properties(type);
  const byName = new Map(properties.map((p) => [p.name, p]));
  const problems = wanted.flatMap((want) => {
    const found = byName.get(want.name);
    return found === undefined || fits(found, want) ? [] : [{ pointer: want.pointer, message: unfit(type, found, want) }];
  });
  if (problems.length > 0) throw new ConfigError(problems);
  return { properties, missing: wanted.filter((w) => !byName.has(w.name)) };
}

function fits(found: PropertyInfo, want: DatongProperty): boolean {
  return found.type === 'string' && (found.hasUniqueValue === true) === want.hasUniqueValue && found.modificationMetadata?.readOnlyValue !== true;
}

function unfit(type: string, found: PropertyInfo, want: DatongProperty): string {
  const what = `${want.hasUniqueValue ? 'a unique' : 'a writable, non-unique'} text property`;
  const readOnly = found.modificationMetadata?.readOnlyValue === true ? ', read-only' : '';
  return `the HubSpot ${type} property ${found.name} exists but is not ${what} (type ${found.type}, hasUniqueValue ${found.hasUniqueValue === true}${readOnly}); ${want.remedy}`;
}
