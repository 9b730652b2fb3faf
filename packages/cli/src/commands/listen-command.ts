import { PushIntake, applyControlRequests } from '@datong/core';
import { DatongError } from '@datong/sdk';
import { actorOf } from '../actor.js';
import { cliLogger } from '../cli-logger.js';
import { scheduledJobs, syncOnce } from '../daemon/pipeline-jobs.js';
import { Scheduler } from '../daemon/scheduler.js';
import { stopOnSignals } from '../daemon/stop-on-signals.js';
import { ExitCode } from '../exit-codes.js';
import { PushRuns } from '../listen/push-runs.js';
import { WebhookServer } from '../listen/webhook-server.js';
import { openPipeline, openPipelineStore } from '../open-pipeline.js';

export interface ListenFlags {
  port?: string;
  host?: string;
  debounce?: string;
  state?: string;
  verbose?: boolean;
  quiet?: boolean;
  actor?: string;
}

/** What a running listener tells whoever started it (a test, the demo). */
export interface RunningListener {
  url: string;
  /** Resolves once no push run is waiting or going. */
  idle(): Promise<void>;
}

/**
 * `datong listen <pipeline>`: receives the platforms' pushes (Shopify, WooCommerce, Youzan
 * webhooks) at `POST /hooks/<source>`, has each source's plugin verify the signature on the raw
 * body, and turns accepted pushes into near-real-time incremental runs of the stages reading what
 * they touch. It also runs the pipeline's `schedule:` like the daemon, so what a lost push missed
 * is caught by the next scheduled run: the push is a trigger, the platform's API stays the source
 * of truth. One job at a time; SIGTERM stops cleanly.
 */
export async function listenCommand(
  file: string,
  flags: ListenFlags,
  until?: Promise<unknown>,
  onReady?: (listener: RunningListener) => void,
): Promise<number> {
  const port = flags.port === undefined ? 8787 : Number(flags.port);
  const debounceMs = flags.debounce === undefined ? 1000 : Number(flags.debounce);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new DatongError(`--port must be a port number, not "${flags.port}"`, { code: 'BAD_OPTION' });
  if (!Number.isFinite(debounceMs) || debounceMs < 0) throw new DatongError(`--debounce must be milliseconds, not "${flags.debounce}"`, { code: 'BAD_OPTION' });
  const p = await openPipeline(file);
  const intake = new PushIntake(p);
  if (intake.sources().length === 0) {
    throw new DatongError(`no source of ${file} takes pushes: the plugins with webhooks are Shopify, WooCommerce and Youzan (give the source its webhookSecret)`, { code: 'BAD_OPTION' });
  }
  const logger = cliLogger(p.redactor, flags);
  const store = await openPipelineStore(p, flags.state, `datong listen ${file}`);
  const actor = `listen:${actorOf(flags)}`;
  try {
    // Runs the schedule started, for GET /status (push runs count apart).
    const scheduled = { started: 0, finished: 0, failed: 0 };
    const scheduler = new Scheduler(scheduledJobs(p, store, logger, actor), {
      logger,
      onEvent: (e) => { if (!e.id.endsWith(':push') && e.type !== 'skipped') scheduled[e.type]++; },
    });
    const runs = new PushRuns(scheduler, {
      group: p.name,
      debounceMs,
      run: (stages, signal) => syncOnce(p, store, { logger, signal, actor, stages }),
      order: (stages) => p.stages.map((s) => s.spec.name).filter((name) => stages.has(name)),
    });
    const server = new WebhookServer(intake, {
      logger,
      onPush: (stages) => runs.request(stages),
      status: () => ({ pipeline: p.name, runs: { ...runs.counts }, scheduledRuns: { ...scheduled }, schedule: scheduler.nextRuns().map((n) => ({ job: n.id, next: n.next?.toISOString() ?? null })) }),
    });
    const url = await server.start(port, flags.host ?? '127.0.0.1');
    scheduler.start();
    logger.info(`listening on ${url}: ${intake.sources().map((s) => `POST /hooks/${s}`).join(', ')}; GET /status`);
    for (const n of scheduler.nextRuns()) logger.info(`${n.id}: next at ${n.next?.toISOString() ?? 'never'}`);
    if (scheduler.nextRuns().length === 0) logger.warn(`${file} has no schedule: only pushes start runs, and a lost push is caught only by the next \`datong run\``);
    // Pause and resume requests left for this process while it holds an embedded store.
    const poll = setInterval(() => void applyControlRequests(p, store).catch(() => undefined), 1000);
    onReady?.({ url, idle: () => runs.idle() });
    await new Promise<void>((resolve) => {
      const uninstall = stopOnSignals(async (signal) => {
        logger.warn(`${signal}: stopping: no new push is taken, a running sync stops at its next batch boundary`);
        resolve();
        uninstall();
      });
      void until?.then(() => { uninstall(); resolve(); });
    });
    clearInterval(poll);
    runs.stop();
    await server.close();
    await scheduler.stop();
    const tally = intake.tally();
    logger.info(`listen stopped: ${Object.entries(tally).map(([s, c]) => `${s}: ${c.accepted} accepted, ${c.rejected} rejected, ${c.duplicates} redelivered`).join('; ')}; ${runs.counts.finished} push runs`);
    return ExitCode.ok;
  } finally {
    await store.close();
  }
}
