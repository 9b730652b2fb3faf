import { DatongError, fault, withRetry, type DataRecord, type Logger } from '@datong/sdk';
import type { Store } from '@datong/store';
import { openIdentityResolver } from './open-identity-resolver.js';
import { newRunId } from './pipeline-runner.js';
import type { PreparedPipeline } from './prepare-pipeline.js';
import { StageConnections } from './stage-connections.js';

/** A record a rollback could not put back, and why. */
export interface NotUndone {
  stage: string;
  object: string;
  key: string;
  why: string;
}

/** What `datong rollback` did (or, refused, would have had to overwrite). */
export interface RollbackReport {
  /** The run undone. */
  runId: string;
  /** The rollback's own id in `runs` (kind `rollback`). */
  rollbackId: string;
  status: 'rolled-back' | 'partial' | 'refused' | 'nothing-to-do';
  /** Records put back to their before-image. */
  restored: number;
  /** Records the run created, now deleted (or archived, as the sink does it). */
  deleted: number;
  /** Batches an earlier, interrupted rollback had already undone. */
  alreadyDone: number;
  notUndone: NotUndone[];
  /** Records a later run changed again: a rollback would overwrite them (refused unless forced). */
  conflicts: { object: string; key: string; laterRun: string }[];
  /** Streams whose cursor went back to where it was before the run. */
  cursorsRestored: number;
}

export interface RollbackOptions {
  actor: string;
  force?: boolean;
  logger: Logger;
  signal?: AbortSignal;
}

/**
 * Undoes one run: every batch it journaled, newest first, goes back to its before-image (an update
 * is written back, a creation deleted), the ledger with it, and the cursors go back to where they
 * were when the run started, so the run can be done again. Each batch is marked undone in the store
 * only after the sink is, and redoing a batch is harmless, so a rollback interrupted anywhere is
 * finished by running it again. Refused when a later run wrote the same records, unless `force`.
 */
export async function rollbackRun(p: PreparedPipeline, store: Store, runId: string, options: RollbackOptions): Promise<RollbackReport> {
  const run = await store.run(runId);
  if (!run || run.pipeline !== p.name) throw new DatongError(`no run ${runId} of pipeline ${p.name} (datong status lists the runs)`, { code: 'NOT_FOUND' });
  if (run.kind === 'rollback') throw new DatongError(`${runId} is itself a rollback; run the pipeline again to redo what it undid`, { code: 'BAD_OPTION' });
  await store.settleCrashed(p.name);
  if ((await store.run(runId))!.status === 'running') throw new DatongError(`run ${runId} is still running: pause it first (datong pause)`, { code: 'RUN_ACTIVE' });

  const entries = (await store.journalOfRun(runId)).filter((e) => e.status === 'applied' || e.status === 'interrupted');
  const todo = entries.filter((e) => e.rollback === null);
  const report: RollbackReport = {
    runId, rollbackId: newRunId(), status: 'rolled-back', restored: 0, deleted: 0, alreadyDone: entries.length - todo.length,
    notUndone: [], conflicts: [], cursorsRestored: 0,
  };

  // Records a later run changed: putting this run's before-images back would silently undo that run too.
  const byObject = new Map<string, { keys: Set<string>; first: string }>();
  for (const e of todo) {
    const o = byObject.get(e.object) ?? { keys: new Set<string>(), first: e.id };
    for (const k of e.keys) o.keys.add(k);
    byObject.set(e.object, o);
  }
  for (const [object, { keys, first }] of byObject) {
    for (const c of await store.laterWrites(p.name, object, [...keys], first, runId)) report.conflicts.push({ object, key: c.key, laterRun: c.runId });
  }
  if (report.conflicts.length > 0 && !options.force) return { ...report, status: 'refused' };

  await store.createRun({ id: report.rollbackId, pipeline: p.name, options: { rollbackOf: runId, force: options.force ?? false }, kind: 'rollback', actor: options.actor });
  await store.addEvent({ pipeline: p.name, runId: report.rollbackId, kind: 'operator.rollback', actor: options.actor, detail: { run: runId, force: options.force ?? false, conflicts: report.conflicts.length } });
  const connections = new StageConnections(p, store, options.logger, options.signal ?? new AbortController().signal);
  try {
    const merged = await openIdentityResolver(p, store)?.mergedInSinks() ?? new Map<string, string>();
    // Newest first: a record written twice by the run ends at the image from before its first write.
    for (const entry of [...todo].reverse()) {
      if (options.signal?.aborted) break;
      const stage = p.stages.find((s) => s.spec.name === entry.stage);
      if (!stage) {
        for (const key of entry.keys) report.notUndone.push({ stage: entry.stage, object: entry.object, key, why: 'the stage is no longer in the pipeline file' });
        continue;
      }
      const { sink, sinkCtx } = await connections.open(stage);
      const before = entry.before as Record<string, DataRecord>;
      const outcome = { restored: [] as string[], deleted: [] as string[], notUndone: [] as { key: string; why: string }[], by: report.rollbackId };
      const updates: string[] = [];
      const creations: string[] = [];
      for (const key of entry.keys) {
        const absorbed = merged.get(`${entry.object}\0${key}`);
        if (absorbed) outcome.notUndone.push({ key, why: `merged into ${absorbed} in the sink after this run: a merge cannot be undone` });
        else if (key in before) updates.push(key);
        else if (entry.before_source === 'none') outcome.notUndone.push({ key, why: 'the sink cannot read records back, so no before-image was kept' });
        else creations.push(key);
      }
      if (updates.length > 0) {
        const results = await withRetry(() => sink.write(updates.map((key) => ({ key, record: before[key]! })), sinkCtx), { retries: stage.retries });
        const refused = new Map((results ?? []).filter((r) => r.error || r.deferred).map((r) => [r.key, r.error ?? r.deferred!]));
        for (const key of updates) {
          const why = refused.get(key);
          if (why === undefined) outcome.restored.push(key);
          else outcome.notUndone.push({ key, why: `the sink refused the before-image: ${p.redactor.text(why)}` });
        }
      }
      if (creations.length > 0) {
        if (sink.delete) {
          const remove = sink.delete.bind(sink);
          await withRetry(() => remove(creations), { retries: stage.retries });
          outcome.deleted.push(...creations);
        } else {
          for (const key of creations) outcome.notUndone.push({ key, why: 'the run created it and the sink cannot delete records' });
        }
      }
      fault('rollback-after-sink');
      await store.markRolledBack(entry, outcome);
      report.restored += outcome.restored.length;
      report.deleted += outcome.deleted.length;
      for (const n of outcome.notUndone) report.notUndone.push({ stage: entry.stage, object: entry.object, ...n });
    }
  } finally {
    await connections.close();
  }
  // Merges the run carried out in a sink: the absorbed record is gone from the CRM, with its history moved.
  for (const e of await store.events(p.name, { runId, kindPrefix: 'identity.sink_merge', limit: 10_000 })) {
    const d = e.detail as { object?: string; survivor?: string; absorbed?: string; outcome?: string };
    if (d.outcome !== 'merged' && d.outcome !== 'rekeyed') continue;
    const stage = p.stages.find((s) => s.to.id === d.object)?.spec.name ?? '';
    report.notUndone.push({ stage, object: d.object ?? '', key: d.absorbed ?? '', why: `${d.outcome} into ${d.survivor} in the sink by this run: a CRM merge cannot be undone (the records stay one)` });
  }
  const interrupted = options.signal?.aborted ?? false;
  if (!interrupted) report.cursorsRestored = await store.restoreCursors(p.name, runId);
  report.status = interrupted ? 'partial' : report.notUndone.length > 0 ? 'partial' : todo.length === 0 ? 'nothing-to-do' : 'rolled-back';
  await store.finishRun(report.rollbackId, interrupted ? 'interrupted' : report.notUndone.length > 0 ? 'partial' : 'succeeded');
  await store.addEvent({
    pipeline: p.name, runId: report.rollbackId, kind: 'rollback.finished', actor: options.actor,
    detail: { run: runId, status: report.status, restored: report.restored, deleted: report.deleted, notUndone: report.notUndone.length, cursorsRestored: report.cursorsRestored },
  });
  return report;
}
