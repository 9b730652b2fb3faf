/**
 * `pnpm bench`: datong and three baselines do the same job (NDJSON orders -> canonical rows ->
 * upsert into Postgres), each in its own process, timed, its peak RSS taken, and its table
 * checked against the others' before any number is believed. See README.md.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseBenchArgs } from './bench-args.js';
import { BenchDatabases } from './bench-databases.js';
import { DATONG_BIN, RESULTS_DIR } from './bench-paths.js';
import {
  judgeCorrectness,
  type BenchResults,
  type ContenderResult,
  type DatongRerun,
  type RssScaling,
} from './bench-results.js';
import { CONTENDERS, datongAvailable, type Contender } from './contenders.js';
import { rerunUnchanged, rssScaling } from './datong-extras.js';
import { ensureOrdersFile, type OrdersFile } from './generate-orders.js';
import { printCrm } from './crm/crm-bench.js';
import { runCrmSection } from './crm/crm-section.js';
import { machineInfo } from './machine-info.js';
import { measureContender, type Measurement } from './measure-contender.js';
import { printReport } from './print-report.js';
import type { TableChecksum } from './table-checksum.js';

const args = parseBenchArgs();
const startedAt = new Date().toISOString();
const DEFAULT_SERVER_URL = 'postgres://postgres@127.0.0.1:5432/postgres';
let databases: BenchDatabases;
let data: OrdersFile;

const postgres = args.sections.includes('postgres') ? await postgresSection() : undefined;
const crm = args.sections.includes('crm') ? await runCrmSection(args.crm) : undefined;
if (postgres !== undefined) printReport(postgres);
if (crm !== undefined) for (const line of printCrm(crm)) console.log(line);

await mkdir(RESULTS_DIR, { recursive: true });
const resultsPath = join(RESULTS_DIR, 'latest.json');
await writeFile(resultsPath, `${JSON.stringify({ ...postgres, startedAt, ...(crm === undefined ? {} : { crm }) }, null, 2)}\n`);
console.log(`\nWrote ${resultsPath}`);
process.exitCode = postgres?.correctness.ok === false || crm?.some((r) => r.status !== 'ok') ? 1 : 0;

/** NDJSON orders into Postgres: datong against the three baselines, each table checked against the others. */
async function postgresSection(): Promise<BenchResults> {
  databases = await BenchDatabases.open(process.env.DATABASE_URL ?? DEFAULT_SERVER_URL);

  data = await ensureOrdersFile(args.records);
  console.log(`${data.generated ? 'Generated' : 'Reusing'} ${data.path} (${(data.bytes / 2 ** 20).toFixed(0)} MiB)`);

  const contenders: ContenderResult[] = [];
  const skipped: string[] = [];
  let reference: { name: string; checksum: TableChecksum } | undefined;
  let datongRerun: DatongRerun | undefined;
  let rerunFailed = false;
  let scaling: RssScaling | undefined;

  for (const contender of CONTENDERS.filter((c) => args.contenders.includes(c.id))) {
    const result = await runContender(contender);
    contenders.push(result.row);
    if (result.run === undefined || result.row.checksum === undefined) continue;
    const { checksum } = result.row;

    if (reference === undefined && checksum.rows === data.records) {
      await databases.keepAsReference();
      reference = { name: contender.name, checksum };
    } else if (reference !== undefined && checksum.md5 !== reference.checksum.md5) {
      await printDifferences(reference.name, contender.name);
    }

    if (contender.datong) {
      console.log(`${contender.id} ${contender.name} --full-refresh (unchanged rerun): running…`);
      const rerun = await rerunUnchanged(contender, data, databases, result.run, checksum);
      if (typeof rerun === 'string') {
        console.log(`  ${rerun}`);
        skipped.push(rerun);
        rerunFailed = true;
      } else {
        datongRerun = rerun;
        console.log(
          `  ${rerun.wallSeconds.toFixed(2)} s; ${describeCounts(rerun.summary)}; ` +
            `table ${rerun.tableUnchanged ? 'unchanged' : 'CHANGED by a rerun of the same data'}`,
        );
      }

      if (args.skipRssScaling) {
        skipped.push('datong peak RSS at 3N (--skip-rss-scaling)');
      } else {
        // After the rerun: this is the last use of datong's table and state.
        console.log(`${contender.id} ${contender.name} at ${data.records * 3} records (RSS scaling): running…`);
        const outcome = await rssScaling(contender, data, databases, result.run);
        if (typeof outcome === 'string') skipped.push(outcome);
        else scaling = outcome;
      }
    }
  }

  const results: BenchResults = {
    startedAt,
    records: data.records,
    file: { path: data.path, bytes: data.bytes },
    contenders,
    correctness: judgeCorrectness(contenders, data.records, rerunFailed || datongRerun?.tableUnchanged === false),
    ...(datongRerun === undefined ? {} : { datongRerun }),
    ...(scaling === undefined ? {} : { rssScaling: scaling }),
    skipped,
    machine: machineInfo(await databases.serverInfo()),
  };
  await databases.close();
  return results;
}

/** One timed run on a fresh table, and its checksum. */
async function runContender(contender: Contender): Promise<{ row: ContenderResult; run?: Measurement }> {
  const base = { id: contender.id, name: contender.name };
  if (contender.datong && !datongAvailable()) {
    const note = `${DATONG_BIN} is not built`;
    console.log(`${contender.id} ${contender.name}: skipped, ${note}`);
    return { row: { ...base, status: 'skipped', note } };
  }
  await databases.resetOrders();
  if (contender.datong) await databases.resetState();
  console.log(`${contender.id} ${contender.name}: running…`);
  const run = await measureContender(contender, data, databases);
  if (!run.ok) {
    console.log(`  FAILED: ${run.failure}`);
    return { row: { ...base, status: 'failed', note: run.failure ?? '' } };
  }
  const checksum = await databases.checksum();
  console.log(
    `  ${run.wallSeconds.toFixed(2)} s, ${Math.round(run.recordsPerSecond)} records/s, ` +
      `peak RSS ${run.peakRssMb?.toFixed(0) ?? '?'} MB; table: ${checksum.rows} rows, md5 ${checksum.md5}`,
  );
  if (contender.datong) console.log(`  ${describeCounts(run.summary)}`);
  const row: ContenderResult = {
    ...base,
    status: 'ok',
    wallSeconds: run.wallSeconds,
    recordsPerSecond: run.recordsPerSecond,
    ...(run.peakRssMb === undefined ? {} : { peakRssMb: run.peakRssMb }),
    checksum,
    ...(run.summary === undefined ? {} : { summary: run.summary }),
  };
  return { row, run };
}

function describeCounts(summary: Record<string, unknown> | undefined): string {
  if (summary === undefined) return 'no JSON summary on stdout';
  return `status ${String(summary.status)}, counts ${JSON.stringify(summary.counts)}`;
}

async function printDifferences(referenceName: string, name: string): Promise<void> {
  const { count, samples } = await databases.differencesFromReference();
  console.log(`  DIFFERS from ${referenceName} in ${count} rows, e.g.:`);
  for (const sample of samples) {
    for (const c of sample.columns) {
      console.log(`    ${sample.orderId} ${c.column}: ${referenceName} ${JSON.stringify(c.reference)}, ${name} ${JSON.stringify(c.actual)}`);
    }
  }
}
