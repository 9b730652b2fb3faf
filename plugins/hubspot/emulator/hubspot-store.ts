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

/** One merge, as the dump lists it: two records became the record `result` (a new id). */
export interface MergeRecord {
  type: ObjectType;
  /** The record whose values won (`primaryObjectId`). */
  primary: string;
  /** The record merged into it (`objectIdToMerge`). */
  merged: string;
  result: string;
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
  readonly merges: MergeRecord[] = [];
  /** Ids of records merged away, to the id of the record they live on in: HubSpot keeps resolving them. */
  private readonly aliases: Record<ObjectType, Map<string, string>> = { contacts: new Map(), deals: new Map() };
  private nextId: number;

  constructor(firstId = 1001) {
    this.nextId = firstId;
  }

  /** The id a record is known by now: a merged-away id answers the merged record's. */
  currentId(type: ObjectType, id: string): string {
    return this.aliases[type].get(id) ?? id;
  }

  /** The live (not archived) record whose `property` holds `value`; by `hs_object_id`, old ids of merged records count. */
  findBy(type: ObjectType, property: string, value: string): CrmObject | undefined {
    if (property === 'hs_object_id') {
      const found = this.objects[type].get(this.currentId(type, value));
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
    const object = this.objects[type].get(this.currentId(type, id));
    if (!object || object.archived) return false;
    object.archived = true;
    object.archivedAt = now;
    for (let i = this.associations.length - 1; i >= 0; i--) {
      const a = this.associations[i]!;
      if ((a.fromType === type && a.fromId === object.id) || (a.toType === type && a.toId === object.id)) this.associations.splice(i, 1);
    }
    return true;
  }

  /**
   * Merges `secondary` into `primary`, as HubSpot does: a new record (new id) holding the
   * primary's values, the secondary's filling what the primary leaves empty, except unique
   * properties, which keep the primary's value only. Both old records leave every listing and
   * lookup by property; their ids resolve to the new record and are listed in its
   * `hs_merged_object_ids`. Their associations move to it, without duplicates.
   */
  merge(type: ObjectType, primary: CrmObject, secondary: CrmObject, now: number): CrmObject {
    const definitions = this.properties[type];
    const values: Record<string, string> = {};
    for (const [name, value] of Object.entries(secondary.properties)) if (!definitions.get(name)?.hasUniqueValue) values[name] = value;
    Object.assign(values, primary.properties);
    const oldIds = [primary, secondary].flatMap((o) => [...(o.properties.hs_merged_object_ids?.split(';') ?? []), o.id]);
    values.hs_merged_object_ids = [...new Set(oldIds)].join(';');
    const result = this.create(type, values, now);
    // The merged record goes on with the primary's history: its creation date is the primary's.
    result.createdAt = primary.createdAt;
    if (primary.properties.createdate !== undefined) result.properties.createdate = primary.properties.createdate;

    const gone = new Set([primary.id, secondary.id]);
    for (const id of gone) {
      this.objects[type].delete(id);
      this.aliases[type].set(id, result.id);
    }
    for (const [alias, target] of this.aliases[type]) if (gone.has(target)) this.aliases[type].set(alias, result.id);
    this.moveAssociations(type, gone, result.id);
    this.merges.push({ type, primary: primary.id, merged: secondary.id, result: result.id });
    return result;
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

  /** Points the associations of the records `from` at `to`, then drops the duplicates that makes. */
  private moveAssociations(type: ObjectType, from: Set<string>, to: string): void {
    for (const a of this.associations) {
      if (a.fromType === type && from.has(a.fromId)) a.fromId = to;
      if (a.toType === type && from.has(a.toId)) a.toId = to;
    }
    const seen = new Set<string>();
    for (let i = 0; i < this.associations.length; i++) {
      const a = this.associations[i]!;
      const signature = `${a.fromType}:${a.fromId}>${a.toType}:${a.toId}#${a.typeId}`;
      if (seen.has(signature)) this.associations.splice(i--, 1);
      else seen.add(signature);
    }
  }

  /**
   * Everything, as plain JSON (the `dump` control action): the live records by type, the archived
   * ones apart, the associations, the merges and the property definitions.
   */
  dump(): HubSpotDump {
    const live = (type: ObjectType) => [...this.objects[type].values()].filter((o) => !o.archived);
    const gone = (type: ObjectType) => [...this.objects[type].values()].filter((o) => o.archived);
    return {
      contacts: live('contacts'),
      deals: live('deals'),
      archived: { contacts: gone('contacts'), deals: gone('deals') },
      associations: [...this.associations],
      merges: [...this.merges],
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
  /** Every merge done, oldest first: which two records became which. */
  merges: MergeRecord[];
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
