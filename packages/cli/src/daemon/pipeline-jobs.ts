import { DatongError, type Logger } from '@datong/sdk';
import { applyControlRequests, reconcilePipeline, runPipeline, type PreparedPipeline } from '@datong/core';
import type { Store } from '@datong/store';
import type { ScheduledJob } from './scheduler.js';

/**
 * One incremental run of a pipeline (or of some of its stages), as the daemon and `datong listen`
 * start it: pause and resume requests applied first, a paused pipeline skipped with a log line.
 */
export async function syncOnce(p: PreparedPipeline, store: Store, options: { logger: Logger; signal: AbortSignal; actor: string; stages?: string[] }): Promise<void> {
  await applyControlRequests(p, store);
  try {
    const s = await runPipeline(p, store, { logger: options.logger, signal: options.signal, actor: options.actor, ...(options.stages ? { stages: options.stages } : {}) });
    const which = options.stages ? ` (${options.stages.join(', ')})` : '';
    options.logger.info(`${p.name}: run ${s.runId}${which} ${s.status}: read ${s.counts.read}, written ${s.counts.written}, unchanged ${s.counts.unchanged}, dead-lettered ${s.counts.deadLettered}, held ${s.counts.held}`);
  } catch (error) {
    if (error instanceof DatongError && error.code === 'PIPELINE_PAUSED') options.logger.info(`${p.name}: skipped, ${error.message}`);
    else throw error;
  }
}

/** The cron jobs of a pipeline's `schedule:` (sync and reconcile), one group per pipeline. */
export function scheduledJobs(p: PreparedPipeline, store: Store, logger: Logger, actor: string): ScheduledJob[] {
  const schedule = p.loaded.spec.schedule;
  if (!schedule) return [];
  const timezone = schedule.timezone ? { timezone: schedule.timezone } : {};
  const jobs: ScheduledJob[] = [];
  if (schedule.sync) {
    jobs.push({ id: `${p.name}:sync`, group: p.name, cron: schedule.sync, ...timezone, run: (signal) => syncOnce(p, store, { logger, signal, actor }) });
  }
  if (schedule.reconcile) {
    jobs.push({
      id: `${p.name}:reconcile`, group: p.name, cron: schedule.reconcile, ...timezone,
      run: async (signal) => {
        const r = await reconcilePipeline(p, store, { actor, logger, signal });
        logger.info(`${p.name}: reconciled: ${r.stages.map((s) => `${s.stage} ${s.missing.length} missing, ${s.mismatched.length} mismatched, ${s.extra?.length ?? '?'} extra`).join('; ')}`);
      },
    });
  }
  return jobs;
}
