import type { EmulatorRequest, EmulatorResponse } from '@datong/sdk/emulator';
import type { ObjectType } from './default-properties.js';
import { errorResponse, type EmulatorApi } from './emulator-api.js';
import { simpleObject } from './object-routes.js';

/**
 * `POST /crm/v3/objects/{type}/merge` with `{primaryObjectId, objectIdToMerge}` (strings): the two
 * records become one, which cannot be undone. HubSpot's docs: the primary is "the record that the
 * merge will generally set as the current value after the merge". The answer is the merged record,
 * under a new id (UNCONFIRMED); the old ids keep resolving to it.
 */
export function mergeObjects(api: EmulatorApi, type: ObjectType, req: EmulatorRequest): EmulatorResponse {
  const body = (req.body ?? {}) as { primaryObjectId?: unknown; objectIdToMerge?: unknown };
  const primaryId = idOf(body.primaryObjectId);
  const mergedId = idOf(body.objectIdToMerge);
  if (primaryId === undefined || mergedId === undefined) {
    return errorResponse(api, 400, 'VALIDATION_ERROR', 'Invalid input JSON on line 1: primaryObjectId and objectIdToMerge are required, as strings');
  }
  const primary = api.store.findBy(type, 'hs_object_id', primaryId);
  const secondary = api.store.findBy(type, 'hs_object_id', mergedId);
  const missing = [primary ? undefined : primaryId, secondary ? undefined : mergedId].filter((id) => id !== undefined);
  if (!primary || !secondary) {
    return errorResponse(api, 404, 'OBJECT_NOT_FOUND', `Object not found.  objectId are usually numeric. No ${type} with id ${missing.join(' or ')} exists.`, { context: { ids: missing } });
  }
  // Two old ids of one merged record name the same record too.
  if (primary === secondary) return errorResponse(api, 400, 'VALIDATION_ERROR', `Cannot merge an object with itself: ${primaryId} and ${mergedId} are the same ${type} record`);
  const merged = api.store.merge(type, primary, secondary, api.now());
  return { status: 200, json: simpleObject(type, merged) };
}

/** An id as the body gives it: HubSpot documents strings; a JSON number is read as its digits. */
function idOf(value: unknown): string | undefined {
  if (typeof value === 'string' && value !== '') return value;
  if (typeof value === 'number' && Number.isInteger(value)) return String(value);
  return undefined;
}
