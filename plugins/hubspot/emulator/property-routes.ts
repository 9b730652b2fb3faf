import type { EmulatorRequest, EmulatorResponse } from '@datong/sdk/emulator';
import { fieldTypeOf, GROUPS, type ObjectType, type PropertyDefinition } from './default-properties.js';
import { errorResponse, type EmulatorApi } from './emulator-api.js';

const TYPES: PropertyDefinition['type'][] = ['string', 'number', 'date', 'datetime', 'enumeration', 'bool'];

/** `GET /crm/v3/properties/{type}`. */
export function listProperties(api: EmulatorApi, type: ObjectType): EmulatorResponse {
  return { status: 200, json: { results: [...api.store.properties[type].values()] } };
}

/** `GET /crm/v3/properties/{type}/{name}`. */
export function getProperty(api: EmulatorApi, type: ObjectType, req: EmulatorRequest): EmulatorResponse {
  const found = api.store.properties[type].get(req.params.name ?? '');
  if (!found) return errorResponse(api, 404, 'OBJECT_NOT_FOUND', `Unable to find property ${req.params.name} for object type ${type}`);
  return { status: 200, json: found };
}

/** `POST /crm/v3/properties/{type}`: creates a property; its name must be new. */
export function createProperty(api: EmulatorApi, type: ObjectType, req: EmulatorRequest): EmulatorResponse {
  const body = (req.body ?? {}) as Partial<PropertyDefinition> & { options?: { label?: string; value?: string }[] };
  const refuse = (message: string) => errorResponse(api, 400, 'VALIDATION_ERROR', message);
  if (typeof body.name !== 'string' || !/^[a-z][a-z0-9_]*$/.test(body.name)) return refuse('name must start with a lower-case letter and hold only a-z, 0-9 and _');
  if (typeof body.label !== 'string' || body.label === '') return refuse('label is required');
  if (!body.type || !TYPES.includes(body.type)) return refuse(`type must be one of ${TYPES.join(', ')}`);
  if (typeof body.fieldType !== 'string') return refuse('fieldType is required');
  if (typeof body.groupName !== 'string' || !GROUPS[type].includes(body.groupName)) {
    return refuse(`group ${String(body.groupName)} does not exist for ${type}; use one of ${GROUPS[type].join(', ')}`);
  }
  if (body.hasUniqueValue === true && body.type !== 'string' && body.type !== 'number') return refuse('only string and number properties can require unique values');
  const properties = api.store.properties[type];
  if (properties.has(body.name)) {
    return errorResponse(api, 409, 'OBJECT_ALREADY_EXISTS', `Property named '${body.name}' already exists.`);
  }
  if (body.hasUniqueValue === true && [...properties.values()].filter((p) => p.hasUniqueValue && p.name !== 'email').length >= 10) {
    return refuse('an object type holds at most 10 properties that require unique values');
  }
  const at = new Date(api.now()).toISOString();
  const definition: PropertyDefinition = {
    name: body.name,
    label: body.label,
    type: body.type,
    fieldType: body.fieldType || fieldTypeOf(body.type),
    groupName: body.groupName,
    description: typeof body.description === 'string' ? body.description : '',
    options: (body.options ?? []).map((o, i) => ({ label: String(o.label ?? o.value), value: String(o.value), displayOrder: i, hidden: false })),
    hasUniqueValue: body.hasUniqueValue === true,
    hidden: false,
    formField: body.formField === true,
    calculated: false,
    externalOptions: false,
    modificationMetadata: { archivable: true, readOnlyDefinition: false, readOnlyValue: false },
    createdAt: at,
    updatedAt: at,
    archived: false,
  };
  properties.set(definition.name, definition);
  return { status: 201, json: definition };
}
