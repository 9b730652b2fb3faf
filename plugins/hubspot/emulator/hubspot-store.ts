import { defaultProperties, OBJECT_TYPES, type ObjectType, type PropertyDefinition } from './default-properties.js';

/** One CRM record as the emulator holds it: HubSpot keeps every property value as text. */
export interface CrmObject {
  id: string;
  properties: Record<string, string>;
  createdAt: number;
  updatedAt: number;
  archived: boolean;
  archivedAt?: number;
}

/** One association between two records, in the direction it was created. */
export interface Association {
  fromType: ObjectType;
  fromId: string;
  toType: ObjectType;
  toId: string;
  category: string;
  typeId: number;
}

// HUBSPOT_DEFINED type ids of the pair, each way (deal -> contact 3, contact -> deal 4).
const INVERSE_TYPE: Record<number, number> = { 3: 4, 4: 3 };

/**
 * The emulated account's data: records per object type, property definitions and associations.
 * Tests reach it in-process (`emulator.store`) or over HTTP (`POST /_emulator/dump`).
 */
export class HubSpotStore {
  readonly objects: Record<ObjectType, Map<string, CrmObject>> = { contacts: new Map(), deals: new Map() };
  readonly properties: Record<ObjectType, Map<string, PropertyDefinition>> = {
    contacts: defaultProperties('contacts'),
    deals: defaultProperties('deals'),
  };
  readonly associations: Association[] = [];
  private nextId: number;

  constructor(firstId = 1001) {
    this.nextId = firstId;
  }

  /** The live (not archived) record whose `property` holds `value`. */
  findBy(type: ObjectType, property: string, value: string): CrmObject | undefined {
    if (property === 'hs_object_id') {
      const found = this.objects[type].get(value);
      return found && !found.archived ? found : undefined;
    }
    for (const object of this.objects[type].values()) {
      if (!object.archived && object.properties[property] === value) return object;
    }
    return undefined;
  }

  create(type: ObjectType, values: Record<string, string>, now: number): CrmObject {
    const id = String(this.nextId++);
    const iso = new Date(now).toISOString();
    const object: CrmObject = { id, properties: {}, createdAt: now, updatedAt: now, archived: false };
    for (const [name, value] of Object.entries(values)) if (value !== '') object.properties[name] = value;
    object.properties.hs_object_id = id;
    object.properties.createdate = iso;
    object.properties[lastModifiedProperty(type)] = iso;
    this.objects[type].set(id, object);
    return object;
  }

  update(type: ObjectType, object: CrmObject, values: Record<string, string>, now: number): void {
    for (const [name, value] of Object.entries(values)) {
      if (value === '') delete object.properties[name];
      else object.properties[name] = value;
    }
    object.updatedAt = now;
    object.properties[lastModifiedProperty(type)] = new Date(now).toISOString();
  }

  /** Archives a record and drops its associations, as HubSpot does. */
  archive(type: ObjectType, id: string, now: number): boolean {
    const object = this.objects[type].get(id);
    if (!object || object.archived) return false;
    object.archived = true;
    object.archivedAt = now;
    for (let i = this.associations.length - 1; i >= 0; i--) {
      const a = this.associations[i]!;
      if ((a.fromType === type && a.fromId === id) || (a.toType === type && a.toId === id)) this.associations.splice(i, 1);
    }
    return true;
  }

  /** Adds an association; creating one that exists already changes nothing. */
  associate(association: Association): void {
    const exists = this.associations.some(
      (a) => a.typeId === association.typeId && a.fromType === association.fromType && a.fromId === association.fromId && a.toType === association.toType && a.toId === association.toId,
    );
    if (!exists) this.associations.push(association);
  }

  /** The records `type`/`id` is associated with in `toType`, with the type ids seen from `type`. */
  associated(type: ObjectType, id: string, toType: ObjectType): Map<string, { category: string; typeId: number }[]> {
    const found = new Map<string, { category: string; typeId: number }[]>();
    const add = (toId: string, category: string, typeId: number) => {
      const list = found.get(toId) ?? [];
      if (!list.some((t) => t.typeId === typeId)) list.push({ category, typeId });
      found.set(toId, list);
    };
    for (const a of this.associations) {
      if (a.fromType === type && a.fromId === id && a.toType === toType) add(a.toId, a.category, a.typeId);
      else if (a.toType === type && a.toId === id && a.fromType === toType) add(a.fromId, a.category, INVERSE_TYPE[a.typeId] ?? a.typeId);
    }
    return found;
  }

  /**
   * Everything, as plain JSON (the `dump` control action): the live records by type, the archived
   * ones apart, the associations and the property definitions.
   */
  dump(): HubSpotDump {
    const live = (type: ObjectType) => [...this.objects[type].values()].filter((o) => !o.archived);
    const gone = (type: ObjectType) => [...this.objects[type].values()].filter((o) => o.archived);
    return {
      contacts: live('contacts'),
      deals: live('deals'),
      archived: { contacts: gone('contacts'), deals: gone('deals') },
      associations: [...this.associations],
      properties: { contacts: [...this.properties.contacts.values()], deals: [...this.properties.deals.values()] },
    };
  }
}

/** What `POST /_emulator/dump` answers. */
export interface HubSpotDump {
  contacts: CrmObject[];
  deals: CrmObject[];
  archived: Record<ObjectType, CrmObject[]>;
  associations: Association[];
  properties: Record<ObjectType, PropertyDefinition[]>;
}

/** The object type a path names: `contacts` or its type id `0-1`; undefined for any other. */
export function objectTypeOf(segment: string | undefined): ObjectType | undefined {
  for (const [name, typeId] of Object.entries(OBJECT_TYPES)) if (segment === name || segment === typeId) return name as ObjectType;
  return undefined;
}

/** Contacts and deals name their last-modified property differently. */
export function lastModifiedProperty(type: ObjectType): string {
  return type === 'contacts' ? 'lastmodifieddate' : 'hs_lastmodifieddate';
}
