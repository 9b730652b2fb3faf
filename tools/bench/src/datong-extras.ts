import type { BenchDatabases } from './bench-databases.js';
import type { DatongRerun, RssScaling } from './bench-results.js';
import type { Contender } from './contenders.js';
import { ensureOrdersFile, type OrdersFile } from './generate-orders.js';
import { measureContender, type Measurement } from './measure-contender.js';
import type { TableChecksum } from './table-checksum.js';

/**
 * datong again over the same data and the same table with --full-refresh: every record is read,
 * mapped and found unchanged. What this costs next to the full run is what an hourly re-sync of
 * an unchanged export costs.
 */
export async function rerunUnchanged(
  datong: Contender,
  data: OrdersFile,
  databases: BenchDatabases,
  fullRun: Measurement,
  fullRunChecksum: TableChecksum,
): Promise<DatongRerun | string> {
  const rerun = await measureContender(datong, data, databases, ['--full-refresh']);
  if (!rerun.ok) return `datong --full-refresh failed: ${rerun.failure}`;
  const after = await databases.checksum();
  const sinkMs = sinkTime(rerun.summary);
  const fullRunSinkMs = sinkTime(fullRun.summary);
  return {
    wallSeconds: rerun.wallSeconds,
    ratioToFullRun: rerun.wallSeconds / fullRun.wallSeconds,
    ...(sinkMs === undefined ? {} : { sinkMs }),
    ...(fullRunSinkMs === undefined ? {} : { fullRunSinkMs }),
    tableUnchanged: after.md5 === fullRunChecksum.md5 && after.rows === fullRunChecksum.rows,
    ...(rerun.summary === undefined ? {} : { summary: rerun.summary }),
  };
}

/**
 * Peak RSS at N and 3N records from a fresh start: a streaming engine's memory should not grow
 * with the input.
 */
export async function rssScaling(
  datong: Contender,
  data: OrdersFile,
  databases: BenchDatabases,
  fullRun: Measurement,
): Promise<RssScaling | string> {
  const scaled = await ensureOrdersFile(data.records * 3);
  await databases.resetOrders();
  await databases.resetState();
  const run = await measureContender(datong, scaled, databases);
  if (!run.ok) return `datong at ${scaled.records} records failed: ${run.failure}`;
  const { rows } = await databases.checksum();
  if (rows !== scaled.records) return `datong at ${scaled.records} records wrote ${rows} rows`;
  return {
    records: data.records,
    peakRssMb: fullRun.peakRssMb,
    scaledRecords: scaled.records,
    scaledPeakRssMb: run.peakRssMb,
    ratio:
      fullRun.peakRssMb === undefined || run.peakRssMb === undefined ? undefined : run.peakRssMb / fullRun.peakRssMb,
  };
}

function sinkTime(summary: Record<string, unknown> | undefined): number | undefined {
  const timings = summary?.timings;
  if (typeof timings !== 'object' || timings === null) return undefined;
  const sinkMs = (timings as Record<string, unknown>).sinkMs;
  return typeof sinkMs === 'number' ? sinkMs : undefined;
}
