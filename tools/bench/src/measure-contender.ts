import type { BenchDatabases } from './bench-databases.js';
import type { Contender } from './contenders.js';
import { writeDatongPipeline } from './datong-pipeline.js';
import type { OrdersFile } from './generate-orders.js';
import { runMeasured, type MeasuredRun } from './run-measured.js';

export interface Measurement {
  ok: boolean;
  /** Why it is not ok: exit code or signal, with the end of stderr. */
  failure?: string;
  wallSeconds: number;
  recordsPerSecond: number;
  peakRssMb: number | undefined;
  summary: Record<string, unknown> | undefined;
}

/**
 * One timed run of a contender over `data`. The baselines get the file as their argument;
 * datong gets a pipeline file pointing at it, DATABASE_URL for its state store and
 * WAREHOUSE_URL, which the pipeline reads for the sink.
 */
export async function measureContender(
  contender: Contender,
  data: OrdersFile,
  databases: BenchDatabases,
  extraArgs: readonly string[] = [],
): Promise<Measurement> {
  const run = contender.datong
    ? await runMeasured(contender.script, ['run', await writeDatongPipeline(data.path), '--json', ...extraArgs], {
        DATABASE_URL: databases.stateUrl,
        WAREHOUSE_URL: databases.warehouseUrl,
      })
    : await runMeasured(contender.script, [data.path, ...extraArgs], {
        WAREHOUSE_URL: databases.warehouseUrl,
      });
  const wallSeconds = run.wallMs / 1000;
  return {
    ok: run.exitCode === 0,
    ...(run.exitCode === 0 ? {} : { failure: describeFailure(run) }),
    wallSeconds,
    recordsPerSecond: data.records / wallSeconds,
    peakRssMb: run.peakRssBytes === undefined ? undefined : run.peakRssBytes / 2 ** 20,
    summary: run.summary,
  };
}

function describeFailure(run: MeasuredRun): string {
  const how = run.signal === null ? `exit code ${run.exitCode}` : `signal ${run.signal}`;
  const output = (run.stderrTail.trim() || run.stdoutTail.trim()).split('\n').slice(-15).join('\n');
  return `${how}\n${output}`;
}
