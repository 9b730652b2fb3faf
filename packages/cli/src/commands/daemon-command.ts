import { DatongError, Redactor } from '@datong/sdk';
import { applyControlRequests, type PreparedPipeline } from '@datong/core';
import type { Store } from '@datong/store';
import { cliLogger } from '../cli-logger.js';
import { scheduledJobs } from '../daemon/pipeline-jobs.js';
import { Scheduler, type ScheduledJob } from '../daemon/scheduler.js';
import { stopOnSignals } from '../daemon/stop-on-signals.js';
import { ExitCode } from '../exit-codes.js';
import { actorOf } from '../actor.js';
import { openPipeline, openPipelineStore } from '../open-pipeline.js';

/**
 * `datong daemon <pipeline...>`: runs each pipeline's sync and reconciliation on the cron
 * schedules in its file (`schedule: { sync, reconcile, timezone }`), one job at a time per
 * pipeline. SIGTERM or SIGINT stops it cleanly: no new job starts, a running sync stops at its
 * next batch boundary with its state committed, and the stores are closed. A paused pipeline's
 * syncs are skipped (and logged) until it is resumed.
 */
export async function daemonCommand(files: string[], flags: { state?: string; verbose?: boolean; quiet?: boolean; actor?: string }): Promise<number> {
  const opened: { p: PreparedPipeline; store: Store }[] = [];
  const jobs: ScheduledJob[] = [];
  const logger = cliLogger(new Redactor(), flags);
  try {
    for (const file of files) {
      const p = await openPipeline(file);
      if (!p.loaded.spec.schedule?.sync && !p.loaded.spec.schedule?.reconcile) {
        throw new DatongError(`${file} has no schedule: add \`schedule: { sync: "*/5 * * * *" }\` (and reconcile:) for the daemon to run it`, { code: 'BAD_OPTION' });
      }
      const store = await openPipelineStore(p, flags.state, `datong daemon ${file}`);
      opened.push({ p, store });
      jobs.push(...scheduledJobs(p, store, cliLogger(p.redactor, flags), `daemon:${actorOf(flags)}`));
    }
    const scheduler = new Scheduler(jobs, {
      logger,
      onEvent: (e) => { if (e.type === 'failed') logger.error(`${e.id} failed: ${e.error instanceof Error ? e.error.message : String(e.error)}`); },
    });
    scheduler.start();
    for (const n of scheduler.nextRuns()) logger.info(`${n.id}: next at ${n.next?.toISOString() ?? 'never'}`);
    // Requests (pause, resume) left for this process while it holds an embedded store are applied between runs too.
    const poll = setInterval(() => { for (const o of opened) void applyControlRequests(o.p, o.store).catch(() => undefined); }, 1000);
    await new Promise<void>((resolve) => {
      const uninstall = stopOnSignals(async (signal) => {
        logger.warn(`${signal}: stopping: no new job starts, a running sync stops at its next batch boundary`);
        clearInterval(poll);
        await scheduler.stop();
        uninstall();
        resolve();
      });
    });
    logger.info('daemon stopped');
    return ExitCode.ok;
  } finally {
    for (const o of opened) await o.store.close();
  }
}
