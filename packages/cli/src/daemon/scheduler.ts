import { Cron } from 'croner';
import type { Logger } from '@datong/sdk';

/**
 * Work the daemon does on a cron schedule: a pipeline's sync or its reconciliation. Jobs of one
 * `group` (a pipeline) never run at once, so a long sync is never overtaken by the next one or by
 * that pipeline's reconcile.
 */
export interface ScheduledJob {
  /** Unique among the scheduler's jobs, e.g. `shop-to-crm:sync`. */
  id: string;
  /** Jobs of one group never run at once, e.g. the pipeline's name. */
  group: string;
  /** Five fields (`*\/5 * * * *`), or six with seconds first (`*\/10 * * * * *`). */
  cron: string;
  /** An IANA time zone for the cron fields (`Asia/Shanghai`); default the process's. */
  timezone?: string;
  /** Does the work; should stop soon after `signal` aborts (the daemon is stopping). */
  run(signal: AbortSignal): Promise<void>;
}

/**
 * What happened to a job: it `started`, `finished`, `failed` (with the `error` it threw, also
 * when it threw because `stop()` aborted it), or was `skipped` because a job of its group was
 * still running, or the scheduler was stopping (`reason` says which).
 */
export interface SchedulerEvent {
  type: 'started' | 'finished' | 'failed' | 'skipped';
  id: string;
  at: Date;
  error?: unknown;
  reason?: string;
}

export interface SchedulerOptions {
  logger: Logger;
  /** Called for every event; an exception it throws is logged and otherwise ignored. */
  onEvent?: (event: SchedulerEvent) => void;
  /** The clock for event times and `nextRuns()`; triggering itself follows the real clock. */
  now?: () => Date;
}

interface Running {
  id: string;
  controller: AbortController;
  done: Promise<void>;
}

/**
 * Runs jobs on their cron schedules, one job at a time per group. A trigger that comes while
 * another job of the group runs is skipped and reported, not queued: the next trigger comes soon
 * enough, and a queue would grow without bound behind a sync that is slower than its schedule. A
 * job that throws is logged and reported, and the schedule goes on.
 *
 * An invalid cron expression or time zone is an Error from the constructor, naming the job, so
 * the daemon refuses to start rather than never running it.
 *
 * @example
 *   const scheduler = new Scheduler([
 *     { id: 'shop-to-crm:sync', group: 'shop-to-crm', cron: '*\/5 * * * *', run: (signal) => sync(signal) },
 *     { id: 'shop-to-crm:reconcile', group: 'shop-to-crm', cron: '0 3 * * *', timezone: 'Asia/Shanghai', run: (signal) => reconcile(signal) },
 *   ], { logger });
 *   scheduler.start();
 *   const uninstall = stopOnSignals(() => scheduler.stop());
 */
export class Scheduler {
  private readonly jobs = new Map<string, { job: ScheduledJob; cron: Cron }>();
  /** The job running in each group. */
  private readonly running = new Map<string, Running>();
  private readonly now: () => Date;
  private started = false;
  private stopping: Promise<void> | undefined;

  constructor(
    jobs: ScheduledJob[],
    private readonly options: SchedulerOptions,
  ) {
    this.now = options.now ?? (() => new Date());
    for (const job of jobs) {
      if (this.jobs.has(job.id)) throw new Error(`Two scheduled jobs are named "${job.id}"; each job needs its own id`);
      this.jobs.set(job.id, { job, cron: parseCron(job) });
    }
  }

  /** Starts triggering jobs on their schedules. Calling it again, or after `stop()`, does nothing. */
  start(): void {
    if (this.started || this.stopping) return;
    this.started = true;
    for (const { job, cron } of this.jobs.values()) {
      cron.schedule(() => {
        void this.fire(job);
      });
    }
  }

  /**
   * Stops triggering, aborts the signal of every running job, and resolves once they have all
   * returned. A job that ignores its signal keeps `stop()` waiting: forcing an exit is the
   * caller's decision (e.g. on a second SIGINT). Calling it again returns the same promise.
   */
  stop(): Promise<void> {
    this.stopping ??= this.shutDown();
    return this.stopping;
  }

  /** When each job runs next; null once the scheduler is stopped. */
  nextRuns(): { id: string; next: Date | null }[] {
    const from = this.now();
    return [...this.jobs.values()].map(({ job, cron }) => ({ id: job.id, next: this.stopping ? null : cron.nextRun(from) }));
  }

  /**
   * Runs a job now, outside its schedule, under the same rules: skipped (and reported) while its
   * group is busy or the scheduler is stopping. Resolves when the job has finished, failed or
   * been skipped; its outcome is in the events. Rejects only for an unknown id.
   */
  async runNow(id: string): Promise<void> {
    const entry = this.jobs.get(id);
    if (!entry) throw new Error(`No scheduled job is named "${id}"; the jobs are: ${[...this.jobs.keys()].join(', ')}`);
    await this.fire(entry.job);
  }

  /**
   * Runs a job that is on no schedule (a run a webhook asked for) as soon as its group is free:
   * unlike a cron trigger it waits for the group's running job instead of being skipped, because
   * what it was asked to read may have changed after that job read it. Skipped only when the
   * scheduler is stopping. Resolves when it has finished, failed or been skipped.
   */
  async runQueued(job: Omit<ScheduledJob, 'cron' | 'timezone'>): Promise<void> {
    for (;;) {
      const busy = this.running.get(job.group);
      if (!busy || this.stopping) break;
      await busy.done;
    }
    await this.fire({ ...job, cron: '' });
  }

  private async fire(job: ScheduledJob): Promise<void> {
    if (this.stopping) {
      this.skip(job, 'the scheduler is stopping');
      return;
    }
    const busy = this.running.get(job.group);
    if (busy) {
      this.skip(job, busy.id === job.id ? 'its previous run is still going' : `${busy.id} is still running`);
      return;
    }
    const controller = new AbortController();
    let settle!: () => void;
    // The group is taken before the job starts, and freed before stop() hears it has ended.
    this.running.set(job.group, { id: job.id, controller, done: new Promise((resolve) => (settle = resolve)) });
    try {
      await this.run(job, controller.signal);
    } finally {
      this.running.delete(job.group);
      settle();
    }
  }

  /** Runs one job to its end; never rejects. */
  private async run(job: ScheduledJob, signal: AbortSignal): Promise<void> {
    this.options.logger.info(`${job.id}: started`, { job: job.id });
    this.emit({ type: 'started', id: job.id, at: this.now() });
    try {
      await job.run(signal);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const during = signal.aborted ? ' (stopped by the scheduler)' : '';
      this.options.logger.error(`${job.id}: failed${during}: ${message}`, { job: job.id });
      this.emit({ type: 'failed', id: job.id, at: this.now(), error });
      return;
    }
    this.options.logger.info(`${job.id}: finished`, { job: job.id });
    this.emit({ type: 'finished', id: job.id, at: this.now() });
  }

  private skip(job: ScheduledJob, reason: string): void {
    this.options.logger.warn(`${job.id}: skipped, ${reason}`, { job: job.id });
    this.emit({ type: 'skipped', id: job.id, at: this.now(), reason });
  }

  private emit(event: SchedulerEvent): void {
    try {
      this.options.onEvent?.(event);
    } catch (error) {
      this.options.logger.error(`scheduler: an event listener threw: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  private async shutDown(): Promise<void> {
    for (const { cron } of this.jobs.values()) cron.stop();
    const running = [...this.running.values()];
    for (const { controller } of running) controller.abort(new Error('the scheduler is stopping'));
    await Promise.all(running.map((r) => r.done));
  }
}

/**
 * The job's croner schedule, not yet triggering (`start()` gives it its function). Throws an
 * Error naming the job for an expression croner refuses, an unknown time zone, or a schedule that
 * never comes round (`0 0 30 2 *`).
 */
function parseCron(job: ScheduledJob): Cron {
  const invalid = (why: string, cause?: unknown): Error => {
    const zone = job.timezone === undefined ? '' : ` in time zone "${job.timezone}"`;
    return new Error(`Job "${job.id}" has an invalid schedule "${job.cron}"${zone}: ${why}`, { cause });
  };
  let next: Date | null;
  let cron: Cron;
  try {
    cron = new Cron(job.cron, { mode: '5-or-6-parts', ...(job.timezone === undefined ? {} : { timezone: job.timezone }) });
    // An unknown time zone only shows when a date is computed.
    next = cron.nextRun();
  } catch (error) {
    throw invalid(error instanceof Error ? error.message : String(error), error);
  }
  if (next === null) throw invalid('it never comes round');
  return cron;
}
