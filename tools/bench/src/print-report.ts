import type { BenchResults, ContenderResult } from './bench-results.js';

/** The human summary of a bench run, printed last so it is what stays on screen. */
export function printReport(results: BenchResults): void {
  const datong = results.contenders.find((c) => c.id === 'a' && c.status === 'ok');
  const out: string[] = ['', `Results: ${results.records.toLocaleString('en-US')} orders`, ''];

  const header = ['contender', 'records/s', 'wall s', 'peak RSS MB', 'datong ÷ this', 'table'];
  const rows = results.contenders.map((c) => [
    `${c.id} ${c.name}`,
    c.recordsPerSecond === undefined ? '—' : Math.round(c.recordsPerSecond).toLocaleString('en-US'),
    c.wallSeconds === undefined ? '—' : c.wallSeconds.toFixed(2),
    c.peakRssMb === undefined ? '—' : c.peakRssMb.toFixed(0),
    ratio(datong, c),
    tableVerdict(c, results),
  ]);
  out.push(...alignColumns([header, ...rows]), '');

  const { correctness } = results;
  out.push(
    correctness.ok
      ? `Correctness: all contenders wrote the same table (${correctness.expected?.rows} rows, md5 ${correctness.expected?.md5}).`
      : `Correctness: FAILED for ${correctness.wrong.join(', ')} (see above).`,
  );

  const rerun = results.datongRerun;
  if (rerun !== undefined) {
    const sink =
      rerun.sinkMs === undefined
        ? ''
        : `; sink ${(rerun.sinkMs / 1000).toFixed(2)} s` +
          (rerun.fullRunSinkMs === undefined ? '' : ` vs ${(rerun.fullRunSinkMs / 1000).toFixed(2)} s on the full run`);
    out.push(
      `Unchanged rerun (datong --full-refresh): ${rerun.wallSeconds.toFixed(2)} s wall, ` +
        `${rerun.ratioToFullRun.toFixed(2)}× the full run${sink}; table ${rerun.tableUnchanged ? 'unchanged' : 'CHANGED'}.`,
    );
  }
  const rss = results.rssScaling;
  if (rss !== undefined) {
    out.push(
      `Peak RSS of datong: ${mb(rss.peakRssMb)} at ${rss.records.toLocaleString('en-US')} records, ` +
        `${mb(rss.scaledPeakRssMb)} at ${rss.scaledRecords.toLocaleString('en-US')}` +
        (rss.ratio === undefined ? '.' : ` (${rss.ratio.toFixed(2)}×).`),
    );
  }
  for (const reason of results.skipped) out.push(`Skipped: ${reason}`);

  const m = results.machine;
  out.push(
    '',
    `Machine: ${m.cpu}, ${m.cores} cores, ${m.memoryGb} GB RAM, Node ${m.node}, ` +
      `PostgreSQL ${m.postgres.server_version ?? '?'} (` +
      Object.entries(m.postgres)
        .filter(([name]) => name !== 'server_version')
        .map(([name, value]) => `${name}=${value}`)
        .join(', ') +
      ')',
  );
  console.log(out.join('\n'));
}

function ratio(datong: ContenderResult | undefined, c: ContenderResult): string {
  if (datong?.recordsPerSecond === undefined || c.recordsPerSecond === undefined) return '—';
  return c.id === 'a' ? '1.00×' : `${(datong.recordsPerSecond / c.recordsPerSecond).toFixed(2)}×`;
}

function tableVerdict(c: ContenderResult, results: BenchResults): string {
  if (c.status === 'skipped') return 'skipped';
  if (c.status === 'failed') return 'FAILED';
  return results.correctness.wrong.includes(c.id) ? 'DIFFERS' : 'ok';
}

function mb(value: number | undefined): string {
  return value === undefined ? '?' : `${value.toFixed(0)} MB`;
}

/** Left-aligns the first column, right-aligns the numbers. */
function alignColumns(rows: string[][]): string[] {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((row) => (row[i] ?? '').length))) ?? [];
  return rows.map((row) =>
    row.map((cell, i) => (i === 0 || i === row.length - 1 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0))).join('  ').trimEnd(),
  );
}
