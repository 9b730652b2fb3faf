import type { SinkWrite } from '@datong/sdk';
import type { CrmApi, CrmRecord } from './crm-api.js';
import { HubSpotError, readableMessage, type HubSpotErrorBody } from './hubspot-error.js';
import type { ObjectLayout } from './object-layout.js';

/** The outcome of one record's upsert: its HubSpot id, or why HubSpot refused it. */
export type UpsertOutcome = { sinkId: string } | { error: string } | { deferred: string };

/**
 * Upserts up to 100 records in one call and tells, per key, what became of it. HubSpot answers a
 * batch with some bad inputs in one of two ways (which one is UNCONFIRMED): HTTP 207 with the
 * good ones written and the bad ones in `errors`, or 400 VALIDATION_ERROR with nothing written.
 * On the 400 the batch is split in halves until the bad records stand alone, so the good ones
 * still land and each bad one is refused with its own message.
 */
export async function upsertBatch(api: CrmApi, layout: ObjectLayout, writes: SinkWrite[]): Promise<Map<string, UpsertOutcome>> {
  const inputs = writes.map((w) => ({ idProperty: layout.idProperty, id: w.key, properties: layout.properties(w.key, w.record) }));
  try {
    const answer = await api.upsert(layout.spec.name, inputs);
    return outcomes(writes, answer.results, answer.errors, layout.idProperty);
  } catch (error) {
    if (!(error instanceof HubSpotError) || error.status !== 400 || error.category !== 'VALIDATION_ERROR') throw error;
    if (writes.length === 1) return new Map([[writes[0]!.key, { error: refusal(error.body) }]]);
    const half = Math.ceil(writes.length / 2);
    const left = await upsertBatch(api, layout, writes.slice(0, half));
    const right = await upsertBatch(api, layout, writes.slice(half));
    return new Map([...left, ...right]);
  }
}

/** Matches results to keys by the idProperty value HubSpot echoes, and errors by the ids in their context. */
function outcomes(writes: SinkWrite[], results: CrmRecord[], errors: HubSpotErrorBody[], idProperty: string): Map<string, UpsertOutcome> {
  const byKey = new Map<string, UpsertOutcome>();
  const keys = new Set(writes.map((w) => w.key));
  const folded = new Map(writes.map((w) => [w.key.toLowerCase(), w.key]));
  for (const result of results) {
    const echoed = result.properties?.[idProperty];
    // HubSpot may normalise a value it echoes (an e-mail address as idProperty comes back lower-cased).
    const key = echoed == null ? undefined : keys.has(echoed) ? echoed : folded.get(echoed.toLowerCase());
    if (key !== undefined) byKey.set(key, { sinkId: String(result.id) });
  }
  const unattributed: string[] = [];
  for (const error of errors) {
    const ids = Array.isArray(error.context?.ids) ? (error.context.ids as unknown[]).map(String) : [];
    const mine = ids.filter((id) => keys.has(id));
    if (mine.length === 0) unattributed.push(refusal(error));
    for (const id of mine) byKey.set(id, { error: refusal(error) });
  }
  for (const write of writes) {
    if (byKey.has(write.key)) continue;
    const why = unattributed.length > 0 ? unattributed.join('; ') : 'HubSpot returned neither a result nor an error for this record';
    byKey.set(write.key, { error: why });
  }
  return byKey;
}

/** A dead letter's reason: HubSpot's category and its message, made readable. */
function refusal(body: HubSpotErrorBody): string {
  return `HubSpot ${body.category ?? 'error'}: ${readableMessage(body.message)}`;
}
