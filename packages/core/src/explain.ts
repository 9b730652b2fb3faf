import type { DataRecord } from '@datong/sdk';
import type { Store } from '@datong/store';
import { openIdentityResolver } from './open-identity-resolver.js';
import type { PreparedPipeline } from './prepare-pipeline.js';
import { fieldDiff } from './record-diff.js';

/** One thing that happened to a record, in time order. */
export interface LineageEvent {
  at: string;
  kind: 'read' | 'write' | 'rollback' | 'dead-letter' | 'review' | 'identity';
  stage?: string;
  runId?: string;
  summary: string;
  detail?: Record<string, unknown>;
}

/** The story of one source record: the keys it is known by, and what happened to it. */
export interface Lineage {
  pipeline: string;
  sourceKey: string;
  /** The sink keys it was written under: itself, or its person (identity id) and whom that person became. */
  keys: string[];
  events: LineageEvent[];
}

/**
 * Tells one record's story from the store: the source versions identity resolution kept, every
 * batch that wrote it (run, stage, mapping, create or update, the diff against the before-image,
 * whether the batch was rolled back), identity merges, review holds and decisions, dead letters.
 * Versions read but unchanged are not stored (the ledger keeps only a hash), so they do not appear.
 */
export async function explainRecord(p: PreparedPipeline, store: Store, sourceKey: string): Promise<Lineage> {
  const keys = new Set([sourceKey]);
  const events: LineageEvent[] = [];
  const resolver = openIdentityResolver(p, store);
  if (resolver) {
    const h = await resolver.history(sourceKey);
    for (const id of h.identityIds) keys.add(id);
    for (const r of h.records) {
      events.push({ at: iso(r.at), kind: 'read', summary: `${r.channel} record ${r.sourceKey} (latest version kept for survivorship) belongs to person ${r.identityId}${r.mergedInto ? `, merged into ${r.mergedInto}` : ''}`, detail: { record: r.record } });
    }
    for (const m of h.merges) events.push({ at: iso(m.at), kind: 'identity', summary: `person ${m.absorbed} merged into ${m.survivor}` });
    for (const m of h.sinkMerges) events.push({ at: iso(m.at), kind: 'identity', summary: `${m.object}: ${m.absorbed} merged into ${m.survivor} in the sink (${m.outcome})` });
    for (const r of h.reviews) events.push({ at: iso(r.at), kind: 'identity', summary: `merge of ${r.absorbed} into ${r.survivor} held for review: ${r.status}` });
  }

  const ids = [...keys];
  const entries = await store.journalForKeys(p.name, ids);
  const runs = new Map((await store.runStages([...new Set(entries.map((e) => e.run_id))])).map((r) => [`${r.run_id}\0${r.stage}`, r]));
  for (const e of entries) {
    const after = (e.after ?? {}) as Record<string, DataRecord>;
    const before = e.before as Record<string, DataRecord>;
    for (const key of e.keys.filter((k) => keys.has(k))) {
      const created = !(key in before);
      const mapping = runs.get(`${e.run_id}\0${e.stage}`)?.mapping;
      const record = after[key];
      events.push({
        at: iso(e.created_at), kind: 'write', stage: e.stage, runId: e.run_id,
        summary: `${created ? 'created' : 'updated'} ${e.object} ${key} (batch ${e.batch}, ${e.status === 'applied' ? 'committed' : e.status}${mapping ? `, mapping ${mapping}` : ''})`,
        detail: { ...(record ? { diff: fieldDiff(record, before[key]) } : {}), beforeFrom: e.before_source },
      });
      if (e.rollback) {
        const rb = e.rollback as { at?: string; by?: string; restored?: string[]; deleted?: string[] };
        const how = rb.deleted?.includes(key) ? 'deleted' : rb.restored?.includes(key) ? 'restored to its before-image' : 'not undone';
        events.push({ at: rb.at ?? iso(e.created_at), kind: 'rollback', stage: e.stage, runId: rb.by, summary: `rollback of ${e.run_id}: ${how}` });
      }
    }
  }
  for (const key of ids) {
    for (const d of await store.deadLetters(p.name, { key, status: 'all' })) {
      events.push({ at: iso(d.created_at), kind: 'dead-letter', stage: d.stage, runId: d.run_id, summary: `${d.code} (${d.status}, ${d.attempts} attempt(s)): ${d.reason}` });
    }
    for (const r of await store.reviews(p.name, { key, status: 'all' })) {
      events.push({ at: iso(r.created_at), kind: 'review', stage: r.stage, runId: r.run_id, summary: `held by review rule ${JSON.stringify(r.rule)}` });
      if (r.decided_at) events.push({ at: iso(r.decided_at), kind: 'review', stage: r.stage, summary: `${r.status} by ${r.decided_by}${r.decision_reason ? `: ${r.decision_reason}` : ''}` });
      if (r.applied_run) events.push({ at: iso(r.decided_at ?? r.created_at), kind: 'review', stage: r.stage, runId: r.applied_run, summary: 'approved version written' });
    }
  }
  events.sort((a, b) => a.at.localeCompare(b.at));
  return { pipeline: p.name, sourceKey, keys: ids, events };
}

function iso(d: Date | string): string {
  return new Date(d).toISOString();
}
