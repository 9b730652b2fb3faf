import { DatongError, type SinkMergeOutcome } from '@datong/sdk';
import type { CrmApi } from './crm-api.js';
import { failOnOtherErrors } from './deal-associations.js';
import { HubSpotError } from './hubspot-error.js';

/** A record found by its datong key: its HubSpot id and the key its idProperty holds. */
interface Found {
  id: string;
  key: string;
}

/**
 * An identity merge in HubSpot: afterwards one record, under `survivorKey`, holds both histories.
 *
 * - Both records exist: HubSpot merges the absorbed one into the survivor (the primary, whose
 *   values win); HubSpot moves the absorbed record's associations, its deals among them, to the
 *   merged record. The merged record may get a new id (UNCONFIRMED), and the answer need not show
 *   the idProperty, so unless it shows `survivorKey` there, the key is set again.
 * - Only the absorbed record exists: it takes `survivorKey`.
 * - The absorbed record is absent: nothing to do.
 *
 * Redone after a crash it converges: a merge that went through left no record under `absorbedKey`.
 */
export async function mergeRecords(api: CrmApi, type: string, idProperty: string, survivorKey: string, absorbedKey: string): Promise<SinkMergeOutcome> {
  if (survivorKey === absorbedKey) {
    throw new DatongError(`cannot merge the HubSpot ${type} record ${survivorKey} into itself: an identity merge names two keys`, { code: 'MERGE_SAME_KEY' });
  }
  const found = await findByKey(api, type, idProperty, [survivorKey, absorbedKey]);
  const absorbed = found.get(absorbedKey);
  const survivor = found.get(survivorKey);
  if (!absorbed) return 'absent';
  if (!survivor) {
    await api.update(type, absorbed.id, { [idProperty]: survivorKey });
    return 'rekeyed';
  }
  const merged = await mergeOnce(api, type, idProperty, survivor, absorbed);
  if (merged.key !== survivorKey) await api.update(type, merged.id, { [idProperty]: survivorKey });
  return 'merged';
}

/**
 * HubSpot's merge, which cannot be undone. The HTTP kit resends a call that failed with a 5xx or a
 * timeout, and the first attempt may have merged already: the resend is then refused, as its ids
 * now name one record. So a refusal is checked against the keys: when they no longer name the two
 * records they did, the merge happened and the record they name now is the merged one.
 */
async function mergeOnce(api: CrmApi, type: string, idProperty: string, survivor: Found, absorbed: Found): Promise<Found> {
  try {
    const merged = await api.merge(type, survivor.id, absorbed.id);
    return { id: String(merged.id), key: merged.properties?.[idProperty] ?? '' };
  } catch (error) {
    if (!(error instanceof HubSpotError) || (error.status !== 400 && error.status !== 404)) throw error;
    const now = await findByKey(api, type, idProperty, [survivor.key, absorbed.key]);
    const unchanged = now.get(survivor.key)?.id === survivor.id && now.get(absorbed.key)?.id === absorbed.id;
    const merged = now.get(survivor.key) ?? now.get(absorbed.key);
    if (unchanged || !merged) throw error;
    return merged;
  }
}

async function findByKey(api: CrmApi, type: string, idProperty: string, keys: string[]): Promise<Map<string, Found>> {
  const answer = await api.read(type, keys, [idProperty], idProperty);
  failOnOtherErrors(answer.errors, `finding the ${type} to merge`);
  const found = new Map<string, Found>();
  for (const record of answer.results) {
    const key = record.properties[idProperty];
    if (key && keys.includes(key)) found.set(key, { id: String(record.id), key });
  }
  return found;
}
