import type { ContenderId } from './contenders.js';
import type { MachineInfo } from './machine-info.js';
import type { TableChecksum } from './table-checksum.js';

export interface ContenderResult {
  id: ContenderId;
  name: string;
  status: 'ok' | 'failed' | 'skipped';
  /** Why it failed or was skipped. */
  note?: string;
  wallSeconds?: number;
  recordsPerSecond?: number;
  peakRssMb?: number;
  checksum?: TableChecksum;
  /** datong's --json summary. */
  summary?: Record<string, unknown>;
}

export interface Correctness {
  ok: boolean;
  /** The checksum most contenders produced, with exactly `records` rows. */
  expected?: TableChecksum;
  /** Contenders whose table differs from it (or who failed to produce one). */
  wrong: ContenderId[];
}

export interface DatongRerun {
  wallSeconds: number;
  /** Rerun wall ÷ full-run wall. */
  ratioToFullRun: number;
  sinkMs?: number;
  fullRunSinkMs?: number;
  /** The rerun must leave the table exactly as the full run wrote it. */
  tableUnchanged: boolean;
  summary?: Record<string, unknown>;
}

export interface RssScaling {
  records: number;
  peakRssMb: number | undefined;
  scaledRecords: number;
  scaledPeakRssMb: number | undefined;
  /** Peak RSS at 3N ÷ at N: about 1 means memory does not grow with the input. */
  ratio: number | undefined;
}

export interface BenchResults {
  startedAt: string;
  records: number;
  file: { path: string; bytes: number };
  contenders: ContenderResult[];
  correctness: Correctness;
  datongRerun?: DatongRerun;
  rssScaling?: RssScaling;
  /** Why a section did not run. */
  skipped: string[];
  machine: MachineInfo;
}

/**
 * All contenders that ran must produce the same table with exactly `records` rows, and datong's
 * unchanged rerun must leave its table as it was. The expected checksum is the one most of them
 * agree on, so a single wrong contender is named rather than everyone else.
 */
export function judgeCorrectness(
  contenders: ContenderResult[],
  records: number,
  rerunChangedTable: boolean,
): Correctness {
  const ran = contenders.filter((c) => c.status !== 'skipped');
  const votes = new Map<string, { checksum: TableChecksum; count: number }>();
  for (const c of ran) {
    if (c.checksum === undefined || c.checksum.rows !== records) continue;
    const vote = votes.get(c.checksum.md5) ?? { checksum: c.checksum, count: 0 };
    vote.count++;
    votes.set(c.checksum.md5, vote);
  }
  const expected = [...votes.values()].sort((x, y) => y.count - x.count)[0]?.checksum;
  const wrong = ran
    .filter((c) => c.status === 'failed' || c.checksum?.md5 !== expected?.md5 || (c.id === 'a' && rerunChangedTable))
    .map((c) => c.id);
  return { ok: expected !== undefined && wrong.length === 0, ...(expected ? { expected } : {}), wrong };
}
