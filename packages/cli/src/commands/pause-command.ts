import { setTimeout as sleep } from 'node:timers/promises';
import { controlRequests, storeLocation } from '@datong/core';
import { embeddedStoreHolder } from '@datong/store';
import { ExitCode } from '../exit-codes.js';
import { actorOf } from '../actor.js';
import { openPipeline, openPipelineStore } from '../open-pipeline.js';

export interface PauseFlags {
  reason?: string;
  actor?: string;
  state?: string;
  /** Seconds to wait for a running sync to stop (pause) — 0: do not wait. */
  wait?: string;
}

/**
 * `datong pause|resume <pipeline>`. Paused, a pipeline refuses new runs, and a sync running in any
 * process stops at its next batch boundary with its state committed. With a Postgres store the
 * pause is a row every process sees; the embedded store is held by the running sync, so the
 * request is left beside it (`.datong/control/`) and the sync applies it (see ControlRequests).
 */
export async function pauseCommand(action: 'pause' | 'resume', file: string, flags: PauseFlags): Promise<number> {
  const p = await openPipeline(file);
  const actor = actorOf(flags);
  const where = storeLocation(p, flags.state);
  const waitMs = Number(flags.wait ?? 30) * 1000;
  if (!where.url) {
    const holder = embeddedStoreHolder(where.dir);
    if (holder) {
      const requests = controlRequests(p);
      const request = { pipeline: p.name, action, actor, at: new Date().toISOString(), ...(flags.reason ? { reason: flags.reason } : {}) };
      requests.put(request);
      process.stdout.write(`${action} requested: pid ${holder.pid} (${holder.command}) holds the embedded store and applies it at its next batch boundary\n`);
      const deadline = Date.now() + waitMs;
      const waiting = () => requests.peek(p.name)?.at === request.at;
      while (waiting() && embeddedStoreHolder(where.dir) && Date.now() < deadline) await sleep(100);
      if (!waiting()) {
        process.stdout.write(`${action === 'pause' ? 'paused' : 'resumed'} by ${actor} (applied by pid ${holder.pid}${action === 'pause' ? ', which stops at its next batch boundary with its state committed' : ''})\n`);
        return ExitCode.ok;
      }
      if (embeddedStoreHolder(where.dir)) {
        process.stdout.write(`not applied yet: pid ${holder.pid} applies it at its next batch boundary (or the next run does, at its start)\n`);
        return ExitCode.ok;
      }
      // The holder ended without applying it: the store is free, apply it here.
    }
  }
  const store = await openPipelineStore(p, flags.state, `datong ${action} ${file}`);
  try {
    // A request left for a holder that is gone is superseded by this one.
    const stale = controlRequests(p).peek(p.name);
    if (stale) controlRequests(p).done(stale);
    await store.setPaused(p.name, action === 'pause', actor, flags.reason);
    if (action === 'resume') {
      process.stdout.write(`resumed by ${actor}: ${p.name} runs again\n`);
      return ExitCode.ok;
    }
    process.stdout.write(`paused by ${actor}: new runs of ${p.name} are refused until \`datong resume ${file}\`\n`);
    if (store.kind === 'postgres' && waitMs > 0) {
      const deadline = Date.now() + waitMs;
      let running = (await store.runs(p.name, 5)).filter((r) => r.status === 'running');
      if (running.length > 0) process.stdout.write(`waiting for ${running.map((r) => r.id).join(', ')} to stop at its next batch boundary...\n`);
      while (running.length > 0 && Date.now() < deadline) {
        await sleep(250);
        running = (await store.runs(p.name, 5)).filter((r) => r.status === 'running');
      }
      if (running.length > 0) process.stdout.write(`still running after ${waitMs / 1000}s: ${running.map((r) => r.id).join(', ')} (it stops at its next batch boundary)\n`);
    }
    return ExitCode.ok;
  } finally {
    await store.close();
  }
}
