import type { EmulatorRequest, EmulatorResponse } from '@datong/sdk/emulator';
import { OBJECT_TYPES, type ObjectType } from './default-properties.js';
import { batchInputs, batchStamps, type EmulatorApi } from './emulator-api.js';

// The HUBSPOT_DEFINED association types between contacts and deals, by direction.
const DEFINED: Record<string, number[]> = { 'deals->contacts': [3], 'contacts->deals': [4] };

/** `POST /crm/v4/associations/{from}/{to}/batch/create`; an association that exists already is left as it is. */
export function createAssociations(api: EmulatorApi, from: ObjectType, to: ObjectType, req: EmulatorRequest): EmulatorResponse {
  const parsed = batchInputs(api, req.body);
  if ('refused' in parsed) return parsed.refused;
  const results: unknown[] = [];
  const errors: unknown[] = [];
  for (const input of parsed.inputs) {
    // Ids of merged-away records name the merged record, as everywhere in HubSpot.
    const fromId = api.store.currentId(from, String(input.from?.id ?? ''));
    const toId = api.store.currentId(to, String(input.to?.id ?? ''));
    const types = Array.isArray(input.types) ? (input.types as { associationCategory?: string; associationTypeId?: number }[]) : [];
    const fail = (category: string, message: string) => errors.push({ status: 'error', category, message, context: { fromObjectId: [fromId], toObjectId: [toId] } });
    const fromObject = api.store.objects[from].get(fromId);
    const toObject = api.store.objects[to].get(toId);
    if (!fromObject || fromObject.archived) {
      fail('OBJECT_NOT_FOUND', `No ${from} with id ${fromId} exists`);
      continue;
    }
    if (!toObject || toObject.archived) {
      fail('OBJECT_NOT_FOUND', `No ${to} with id ${toId} exists`);
      continue;
    }
    const allowed = DEFINED[`${from}->${to}`] ?? [];
    const bad = types.find((t) => t.associationCategory !== 'HUBSPOT_DEFINED' || !allowed.includes(Number(t.associationTypeId)));
    if (types.length === 0 || bad) {
      fail('VALIDATION_ERROR', `association types must be HUBSPOT_DEFINED ${allowed.join(' or ')} from ${from} to ${to}`);
      continue;
    }
    for (const t of types) api.store.associate({ fromType: from, fromId, toType: to, toId, category: 'HUBSPOT_DEFINED', typeId: Number(t.associationTypeId) });
    results.push({ fromObjectTypeId: OBJECT_TYPES[from], fromObjectId: Number(fromId), toObjectTypeId: OBJECT_TYPES[to], toObjectId: Number(toId), labels: [] });
  }
  const json: Record<string, unknown> = { status: 'COMPLETE', results, ...batchStamps(api) };
  if (errors.length === 0) return { status: 201, json };
  json.numErrors = errors.length;
  json.errors = errors;
  return { status: 207, json };
}

/** `POST /crm/v4/associations/{from}/{to}/batch/read`: the associated ids of each input, both directions counted. */
export function readAssociations(api: EmulatorApi, from: ObjectType, to: ObjectType, req: EmulatorRequest): EmulatorResponse {
  const parsed = batchInputs(api, req.body);
  if ('refused' in parsed) return parsed.refused;
  const results: unknown[] = [];
  const errors: unknown[] = [];
  for (const input of parsed.inputs) {
    const id = String(input.id ?? '');
    const found = api.store.associated(from, api.store.currentId(from, id), to);
    if (found.size === 0) {
      errors.push({ status: 'error', category: 'OBJECT_NOT_FOUND', subCategory: 'crm.associations.NO_ASSOCIATIONS_FOUND', message: `No ${to} is associated with ${from} ${id}.`, context: { fromObjectId: [id] } });
      continue;
    }
    results.push({
      from: { id },
      to: [...found].map(([toId, types]) => ({ toObjectId: Number(toId), associationTypes: types.map((t) => ({ category: t.category, typeId: t.typeId, label: null })) })),
    });
  }
  const json: Record<string, unknown> = { status: 'COMPLETE', results, ...batchStamps(api) };
  if (errors.length === 0) return { status: 200, json };
  json.numErrors = errors.length;
  json.errors = errors;
  return { status: 207, json };
}

/** `POST /crm/v4/associations/{from}/{to}/batch/archive`: removes every association between each pair. */
export function archiveAssociations(api: EmulatorApi, from: ObjectType, to: ObjectType, req: EmulatorRequest): EmulatorResponse {
  const parsed = batchInputs(api, req.body);
  if ('refused' in parsed) return parsed.refused;
  for (const input of parsed.inputs) {
    const fromId = api.store.currentId(from, String(input.from?.id ?? ''));
    const toIds = new Set((Array.isArray(input.to) ? input.to : []).map((t: { id?: unknown }) => api.store.currentId(to, String(t.id ?? ''))));
    const list = api.store.associations;
    for (let i = list.length - 1; i >= 0; i--) {
      const a = list[i]!;
      const forward = a.fromType === from && a.fromId === fromId && a.toType === to && toIds.has(a.toId);
      const backward = a.fromType === to && toIds.has(a.fromId) && a.toType === from && a.toId === fromId;
      if (forward || backward) list.splice(i, 1);
    }
  }
  return { status: 204 };
}
