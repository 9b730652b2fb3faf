import cliProgress from 'cli-progress';
import type { StageProgress, StageSummary } from '@datong/core';

/**
 * Shows a run's progress: on a terminal, a bar per stage with records/s and ETA; elsewhere (CI,
 * logs, pipes), a plain line at most every two seconds and one when each stage ends.
 */
export class ProgressReporter {
  private bar: cliProgress.SingleBar | undefined;
  private started = 0;
  private lastLine = 0;

  constructor(private readonly out: NodeJS.WriteStream = process.stderr, private readonly enabled = true) {}

  /** Prints a log line; on a terminal, above the bar, which is then drawn again below it. */
  log(line: string): void {
    if (!this.bar) {
      this.out.write(`${line}\n`);
      return;
    }
    this.out.write(`\r\x1b[2K${line}\n`);
    this.bar.render();
  }

  stageStarted(stage: string): void {
    this.started = performance.now();
    if (!this.enabled) return;
    if (this.out.isTTY) {
      this.bar = new cliProgress.SingleBar(
        {
          stream: this.out,
          format: `${stage.padEnd(12)} [{bar}] {percentage}% | {records} records | {rate} rec/s | ETA {eta_formatted} | written {written} unchanged {unchanged} dead-lettered {dead}`,
          hideCursor: true,
          etaBuffer: 20,
        },
        cliProgress.Presets.shades_classic,
      );
      this.bar.start(1, 0, { records: 0, rate: 0, written: 0, unchanged: 0, dead: 0 });
    } else {
      this.out.write(`stage ${stage}: started\n`);
    }
  }

  progress(p: StageProgress): void {
    if (!this.enabled) return;
    const seconds = (performance.now() - this.started) / 1000;
    const rate = seconds > 0 ? Math.round(p.read / seconds) : 0;
    const payload = { records: p.read, rate, written: p.written, unchanged: p.unchanged, dead: p.deadLettered };
    if (this.bar) {
      const total = p.source?.total ?? 0;
      if (total > 0) this.bar.setTotal(total);
      this.bar.update(total > 0 ? p.source!.done : 0, payload);
      return;
    }
    const now = performance.now();
    if (now - this.lastLine < 2000) return;
    this.lastLine = now;
    const pct = p.source?.total ? ` ${Math.floor((100 * p.source.done) / p.source.total)}%` : '';
    this.out.write(`stage ${p.stage}:${pct} read ${p.read} (${rate}/s), written ${p.written}, unchanged ${p.unchanged}, dead-lettered ${p.deadLettered}\n`);
  }

  stageEnded(summary: StageSummary): void {
    if (this.bar) {
      this.bar.update(this.bar.getTotal());
      this.bar.stop();
      this.bar = undefined;
    }
    if (!this.enabled) return;
    if (!this.out.isTTY) {
      this.out.write(`stage ${summary.name}: ${summary.status}, read ${summary.read}, written ${summary.written}, unchanged ${summary.unchanged}, dead-lettered ${summary.deadLettered}\n`);
    }
  }
}
