import { join } from 'node:path';
import { DatongError, type Logger } from '@datong/sdk';
import { ControlRequests, type Store } from '@datong/store';
import type { PreparedPipeline } from './prepare-pipeline.js';

/** Who paused a pipeline, when and why. */
export interface PauseState {
  actor: string;
  at: Date;
  reason?: string;
}

/** How often a running sync looks for a pause. */
const POLL_MS = 500;

/** The requests folder of a pipeline's embedded store (`.datong/` beside the pipeline file). */
export function controlRequests(p: Pick<PreparedPipeline, 'loaded'>): ControlRequests {
  return new ControlRequests(join(p.loaded.dir, '.datong'));
}

/** The error a paused pipeline gives a run (exit code "paused" in the CLI). */
export function pausedError(pipeline: string, state: PauseState): DatongError {
  return new DatongError(
    `pipeline ${pipeline} is paused (by ${state.actor} at ${state.at.toISOString()}${state.reason ? `: ${state.reason}` : ''}); \`datong resume\` lets it run again`,
    { code: 'PIPELINE_PAUSED' },
  );
}

/**
 * Applies what operators asked of this pipeline while this process held the embedded store (see
 * `ControlRequests`): the pause or resume goes into the store, with its actor, and the request file
 * goes away. With a Postgres store there are no such files: the commands write the store directly.
 */
export async function applyControlRequests(p: Pick<PreparedPipeline, 'loaded' | 'name'>, store: Store): Promise<void> {
  if (store.kind !== 'embedded') return;
  const requests = controlRequests(p);
  const request = requests.peek(p.name);
  if (!request) return;
  await store.setPaused(p.name, request.action === 'pause', request.actor, request.reason);
  requests.done(request);
}

/** Whether the pipeline is paused now (after applying waiting requests). */
export async function pauseState(p: Pick<PreparedPipeline, 'loaded' | 'name'>, store: Store): Promise<PauseState | undefined> {
  await applyControlRequests(p, store);
  const row = await store.pipelineControl(p.name);
  if (!row?.paused) return undefined;
  return { actor: row.actor, at: new Date(row.at), ...(row.reason ? { reason: row.reason } : {}) };
}

/**
 * Watches for a pause while a run goes on: the store's `pipeline_controls` row (Postgres, written
 * by `datong pause` from any process) or a request file (the embedded store, which the run holds).
 * The run stops at its next batch boundary, with every batch before it committed.
 */
export class PauseWatch {
  private timer: NodeJS.Timeout | undefined;
  private checking = false;

  constructor(
    private readonly p: Pick<PreparedPipeline, 'loaded' | 'name'>,
    private readonly store: Store,
    private readonly logger: Logger,
  ) {}

  current(): Promise<PauseState | undefined> {
    return pauseState(this.p, this.store);
  }

  watch(onPause: (state: PauseState) => void): void {
    this.timer = setInterval(() => {
      if (this.checking) return;
      this.checking = true;
      this.current()
        .then((state) => {
          if (!state || !this.timer) return;
          this.stop();
          this.logger.warn(`pipeline ${this.p.name} paused by ${state.actor}${state.reason ? ` (${state.reason})` : ''}: stopping at the next batch boundary`);
          onPause(state);
        })
        .catch((error: unknown) => this.logger.debug(`pause check failed: ${String(error)}`))
        .finally(() => { this.checking = false; });
    }, POLL_MS);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }
}
