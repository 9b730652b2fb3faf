import type { EmulatorRequest, EmulatorResponse } from '@datong/sdk/emulator';
import type { ObjectType } from './default-properties.js';
import { batchInputs, batchStamps, errorResponse, type EmulatorApi } from './emulator-api.js';
import { lastModifiedProperty, type CrmObject } from './hubspot-store.js';
import { checkProperties, problemsMessage, type PropertyProblem } from './property-check.js';

const DEFAULT_READ: Record<ObjectType, string[]> = {
  contacts: ['email', 'firstname', 'lastname'],
  deals: ['dealname', 'amount', 'closedate', 'pipeline', 'dealstage'],
};
const SINGULAR: Record<ObjectType, string> = { contacts: 'CONTACT', deals: 'DEAL' };

/** `POST /crm/v3/objects/{type}/batch/upsert`: create or update each input by its idProperty. */
export function batchUpsert(api: EmulatorApi, type: ObjectType, req: EmulatorRequest): EmulatorResponse {
  const parsed = batchInputs(api, req.body);
  if ('refused' in parsed) return parsed.refused;
  const ids = parsed.inputs.map((i) => String(i.id ?? ''));
  const duplicates = ids.filter((id, i) => ids.indexOf(id) !== i);
  if (duplicates.length > 0) {
    return errorResponse(api, 400, 'VALIDATION_ERROR', `Duplicate IDs found in batch input: [${[...new Set(duplicates)].join(', ')}]. IDs must be unique`);
  }
  const definitions = api.store.properties[type];
  const planned: { input: Record<string, any>; id: string; target?: CrmObject; values: Record<string, string> }[] = [];
  const failed: { id: string; problems: PropertyProblem[] }[] = [];
  const claimed = new Map<string, string>(); // unique property=value -> the input id that sets it in this batch
  for (const input of parsed.inputs) {
    const id = String(input.id ?? '');
    const idProperty = typeof input.idProperty === 'string' ? input.idProperty : 'hs_object_id';
    const idDefinition = definitions.get(idProperty);
    if (idProperty !== 'hs_object_id' && (!idDefinition || !idDefinition.hasUniqueValue)) {
      return errorResponse(api, 400, 'VALIDATION_ERROR', `Unable to perform update/upsert by non-unique ${type === 'contacts' ? '0-1' : '0-3'} property: ${idProperty}`);
    }
    const properties = { ...((input.properties ?? {}) as Record<string, unknown>) };
    const problems: PropertyProblem[] = [];
    if (idProperty !== 'hs_object_id') {
      const given = properties[idProperty];
      if (given !== undefined && given !== null && String(given) !== id) {
        problems.push({ isValid: false, message: `${idProperty} is "${String(given)}" in properties but the input's id is "${id}"`, error: 'INVALID_PROPERTY_VALUE', name: idProperty });
      }
      properties[idProperty] = id;
    }
    const checked = checkProperties(properties, definitions);
    problems.push(...checked.problems);
    const target = api.store.findBy(type, idProperty, id);
    if (id === '') problems.push({ isValid: false, message: 'id is required', error: 'INVALID_ID', name: idProperty });
    if (idProperty === 'hs_object_id' && !target) {
      problems.push({ isValid: false, message: `No ${SINGULAR[type]} with id ${id} exists; upsert creates only by a unique property`, error: 'OBJECT_NOT_FOUND', name: idProperty });
    }
    problems.push(...duplicateValues(api, type, checked.values, target, { by: claimed, id }));
    if (problems.length > 0) failed.push({ id, problems });
    else planned.push({ input, id, target, values: checked.values });
  }
  if (failed.length > 0 && api.settings.partialErrors === '400-whole-batch') {
    return errorResponse(api, 400, 'VALIDATION_ERROR', problemsMessage(failed[0]!.problems), {
      errors: failed.flatMap((f) => f.problems.map((p) => ({ message: p.message, code: p.error, context: { propertyName: [p.name], ids: [f.id] } }))),
    });
  }
  const now = api.now();
  const results = planned.map(({ target, values }) => {
    const created = !target;
    const object = target ?? api.store.create(type, values, now);
    if (target) api.store.update(type, target, values, now);
    return { ...view(object, [...Object.keys(values), 'hs_object_id', 'createdate', lastModifiedProperty(type)]), new: created };
  });
  const body: Record<string, unknown> = { status: 'COMPLETE', results, ...batchStamps(api) };
  if (failed.length === 0) return { status: 200, json: body };
  body.numErrors = failed.length;
  body.errors = failed.map((f) => ({
    status: 'error',
    category: 'VALIDATION_ERROR',
    message: problemsMessage(f.problems),
    // Which input an error belongs to: HubSpot's batch read names them in context.ids; the same is assumed here (UNCONFIRMED).
    context: { ids: [f.id] },
    errors: f.problems.map((p) => ({ message: p.message, code: p.error, context: { propertyName: [p.name] } })),
  }));
  return { status: 207, json: body };
}

/** `PATCH /crm/v3/objects/{type}/{id}?idProperty`: sets properties of one record, checked as an upsert's inputs are. */
export function updateObject(api: EmulatorApi, type: ObjectType, req: EmulatorRequest): EmulatorResponse {
  const idProperty = req.query.get('idProperty') ?? 'hs_object_id';
  if (idProperty !== 'hs_object_id' && !api.store.properties[type].get(idProperty)?.hasUniqueValue) {
    return errorResponse(api, 400, 'VALIDATION_ERROR', `${idProperty} is not a unique property of ${type}; update by id or by a unique property`);
  }
  const target = api.store.findBy(type, idProperty, req.params.id ?? '');
  if (!target) return errorResponse(api, 404, 'OBJECT_NOT_FOUND', 'Object not found.  objectId are usually numeric.');
  const properties = (req.body as { properties?: unknown } | undefined)?.properties;
  if (properties === null || typeof properties !== 'object' || Array.isArray(properties)) {
    return errorResponse(api, 400, 'VALIDATION_ERROR', 'Invalid input JSON on line 1: the body needs a "properties" object');
  }
  const checked = checkProperties(properties as Record<string, unknown>, api.store.properties[type]);
  const problems = [...checked.problems, ...duplicateValues(api, type, checked.values, target)];
  if (problems.length > 0) {
    return errorResponse(api, 400, 'VALIDATION_ERROR', problemsMessage(problems), {
      errors: problems.map((p) => ({ message: p.message, code: p.error, context: { propertyName: [p.name] } })),
    });
  }
  api.store.update(type, target, checked.values, api.now());
  return { status: 200, json: view(target, [...Object.keys(checked.values), 'hs_object_id', 'createdate', lastModifiedProperty(type)]) };
}

/**
 * DUPLICATE_VALUE problems: unique values that a record other than `target` holds or, within a
 * batch, that another input (`claimed.by`: property=value to input id) sets.
 */
function duplicateValues(api: EmulatorApi, type: ObjectType, values: Record<string, string>, target: CrmObject | undefined, claimed?: { by: Map<string, string>; id: string }): PropertyProblem[] {
  const problems: PropertyProblem[] = [];
  for (const [name, value] of Object.entries(values)) {
    if (value === '' || !api.store.properties[type].get(name)?.hasUniqueValue) continue;
    const holder = api.store.findBy(type, name, value);
    const claim = `${name}=${value}`;
    const other = claimed?.by.get(claim);
    if ((holder && holder !== target) || (claimed && other !== undefined && other !== claimed.id)) {
      problems.push({ isValid: false, message: `${value} is already the ${name} of another ${SINGULAR[type].toLowerCase()}: ${name} must be unique`, error: 'DUPLICATE_VALUE', name });
    }
    if (claimed) claimed.by.set(claim, claimed.id);
  }
  return problems;
}

/** `POST /crm/v3/objects/{type}/batch/read`: by record id, or by a unique property with idProperty. */
export function batchRead(api: EmulatorApi, type: ObjectType, req: EmulatorRequest): EmulatorResponse {
  const parsed = batchInputs(api, req.body);
  if ('refused' in parsed) return parsed.refused;
  const body = req.body as { idProperty?: string; properties?: string[]; archived?: boolean };
  const idProperty = body.idProperty ?? 'hs_object_id';
  if (idProperty !== 'hs_object_id' && !api.store.properties[type].get(idProperty)?.hasUniqueValue) {
    return errorResponse(api, 400, 'VALIDATION_ERROR', `${idProperty} is not a unique property of ${type}; read by id or by a unique property`);
  }
  const wanted = Array.isArray(body.properties) && body.properties.length > 0 ? body.properties.map(String) : DEFAULT_READ[type];
  const missing: string[] = [];
  const results: unknown[] = [];
  for (const input of parsed.inputs) {
    const id = String(input.id ?? '');
    const found = api.store.findBy(type, idProperty, id);
    if (found) results.push(view(found, [...wanted, 'hs_object_id', 'createdate', lastModifiedProperty(type)], true));
    else missing.push(id);
  }
  const json: Record<string, unknown> = { status: 'COMPLETE', results, ...batchStamps(api) };
  if (missing.length === 0) return { status: 200, json };
  json.numErrors = 1;
  json.errors = [
    {
      status: 'error',
      category: 'OBJECT_NOT_FOUND',
      message: `Could not get some ${SINGULAR[type]} objects, they may be deleted or not exist. Check that ids are valid.`,
      context: { ids: missing },
    },
  ];
  return { status: 207, json };
}

/** `POST /crm/v3/objects/{type}/batch/archive`: by record id; unknown ids are ignored. */
export function batchArchive(api: EmulatorApi, type: ObjectType, req: EmulatorRequest): EmulatorResponse {
  const parsed = batchInputs(api, req.body);
  if ('refused' in parsed) return parsed.refused;
  const now = api.now();
  for (const input of parsed.inputs) api.store.archive(type, String(input.id ?? ''), now);
  return { status: 204 };
}

/**
 * `GET /crm/v3/objects/{type}?limit&after&properties&archived`: a page of records, oldest first;
 * the live ones, or with `archived=true` only the archived ones (HubSpot's default is false).
 */
export function listObjects(api: EmulatorApi, type: ObjectType, req: EmulatorRequest): EmulatorResponse {
  const limit = Number(req.query.get('limit') ?? 10);
  if (!Number.isInteger(limit) || limit < 1 || limit > 100) return errorResponse(api, 400, 'VALIDATION_ERROR', 'limit must be between 1 and 100');
  const after = Number(req.query.get('after') ?? 0);
  const archived = req.query.get('archived') === 'true';
  const wanted = req.query.get('properties')?.split(',').filter(Boolean) ?? DEFAULT_READ[type];
  const live = [...api.store.objects[type].values()].filter((o) => o.archived === archived && Number(o.id) > after);
  const page = live.slice(0, limit);
  const json: Record<string, unknown> = { results: page.map((o) => view(o, [...wanted, 'hs_object_id', 'createdate', lastModifiedProperty(type)], true)) };
  const last = page[page.length - 1];
  if (live.length > limit && last) {
    const next = new URL(req.url);
    next.searchParams.set('after', last.id);
    json.paging = { next: { after: last.id, link: next.toString() } };
  }
  return { status: 200, json };
}

/** `GET /crm/v3/objects/{type}/{id}?idProperty&properties`. */
export function getObject(api: EmulatorApi, type: ObjectType, req: EmulatorRequest): EmulatorResponse {
  const idProperty = req.query.get('idProperty') ?? 'hs_object_id';
  const found = api.store.findBy(type, idProperty, req.params.id ?? '');
  if (!found) return errorResponse(api, 404, 'OBJECT_NOT_FOUND', 'Object not found.  objectId are usually numeric.');
  const wanted = req.query.get('properties')?.split(',').filter(Boolean);
  return { status: 200, json: simpleObject(type, found, wanted) };
}

/** A record as single-object calls answer it: the properties asked for (else the type's default few), unset ones as null. */
export function simpleObject(type: ObjectType, object: CrmObject, wanted = DEFAULT_READ[type]): Record<string, unknown> {
  return view(object, [...wanted, 'hs_object_id', 'createdate', lastModifiedProperty(type)], true);
}

/** A record as the API shows it; `withNulls` lists requested properties that have no value as null. */
function view(object: CrmObject, names: string[], withNulls = false): Record<string, unknown> {
  const properties: Record<string, string | null> = {};
  for (const name of new Set(names)) {
    const value = object.properties[name];
    if (value !== undefined) properties[name] = value;
    else if (withNulls) properties[name] = null;
  }
  return {
    id: object.id,
    properties,
    createdAt: new Date(object.createdAt).toISOString(),
    updatedAt: new Date(object.updatedAt).toISOString(),
    archived: object.archived,
  };
}
