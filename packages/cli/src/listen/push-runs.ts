import type { Scheduler } from '../daemon/scheduler.js';

/**
 * Turns a stream of pushes into as few runs as keep the CRM current: the stages pushes ask for
 * are gathered for `debounceMs` (a burst of order updates is one run), then run as one queued job
 * of the pipeline's group, after any job of the group that is running (a cron sync, an earlier
 * push run) has finished. Pushes that come during a run gather for the next one.
 */
export class PushRuns {
  private dirty = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  private readonly inFlight = new Set<Promise<void>>();
  private stopped = false;
  /** Runs started, finished and failed, for `GET /status`. */
  readonly counts = { started: 0, finished: 0, failed: 0 };

  constructor(
    private readonly scheduler: Scheduler,
    private readonly options: { group: string; debounceMs: number; run(stages: string[], signal: AbortSignal): Promise<void>; order(stages: Set<string>): string[] },
  ) {}

  request(stages: string[]): void {
    if (this.stopped) return;
    for (const s of stages) this.dirty.add(s);
    this.timer ??= setTimeout(() => this.flush(), this.options.debounceMs);
  }

  /** Resolves once no push run is waiting or going. */
  async idle(): Promise<void> {
    while (this.timer !== undefined || this.inFlight.size > 0) {
      await Promise.all([...this.inFlight, new Promise((resolve) => setTimeout(resolve, 20))]);
    }
  }

  /** No new push run starts; the scheduler's stop aborts a running one. */
  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private flush(): void {
    this.timer = undefined;
    const stages = this.options.order(this.dirty);
    this.dirty = new Set();
    if (stages.length === 0) return;
    const job = this.scheduler.runQueued({
      id: `${this.options.group}:push`,
      group: this.options.group,
      run: async (signal) => {
        this.counts.started++;
        try {
          await this.options.run(stages, signal);
          this.counts.finished++;
        } catch (error) {
          this.counts.failed++;
          throw error;
        }
      },
    });
    this.inFlight.add(job);
    void job.finally(() => this.inFlight.delete(job));
  }
}
