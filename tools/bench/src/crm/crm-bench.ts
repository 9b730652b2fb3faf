import { spawn } from 'node:child_process';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DATA_DIR, DATONG_BIN } from '../bench-paths.js';
import type { CrmTarget } from './crm-target.js';
import { CRM_NOT_MEASURED } from './crm-targets.js';
import { limitRatio, type LimitRatio, type RequestKind } from './limit-ratio.js';

export interface CrmResult {
  id: string;
  title: string;
  records: number;
  status: 'ok' | 'failed';
  note?: string;
  /** The whole `datong run`, Node's start-up included. */
  wallSeconds?: number;
  ratio?: LimitRatio;
  /** Requests by what they were for (throttled answers in `throttled`). */
  requests?: Partial<Record<RequestKind, number>> & { throttled?: number };
  limit: CrmTarget['limit'];
}

/**
 * One CRM sink at its documented limit: the emulator starts with that limit, datong (default
 * configuration, every guarantee on: read-back of before-images, state, validation) runs a
 * pipeline writing `records` customers into it from an NDJSON file, and the emulator's request
 * log gives what the limit allowed over the span the sink was sending, what the writes took and
 * what went to look-ups, read-backs and associations. The emulator must hold exactly the records
 * written before any ratio is reported.
 */
export async function benchCrm(target: CrmTarget): Promise<CrmResult> {
  const base = { id: target.id, title: target.title, records: target.records, limit: target.limit };
  const dir = join(DATA_DIR, `crm-${target.id}`);
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  const records = Array.from({ length: target.records }, (_, i) => target.record(i + 1));
  await writeFile(join(dir, 'records.ndjson'), ndjson(records));
  if (target.prelude) await writeFile(join(dir, 'prelude.ndjson'), ndjson(target.prelude.records));

  const emulator = await target.start();
  try {
    const { config, env } = target.sinkConfig(emulator);
    const pipeline = join(dir, 'pipeline.yaml');
    await writeFile(pipeline, pipelineYaml(target, config));
    const started = performance.now();
    const run = await runDatong(['run', pipeline, '--state', 'embedded', '--json'], dir, env);
    const wallSeconds = (performance.now() - started) / 1000;
    if (run.code !== 0) return { ...base, status: 'failed', note: `datong exited ${run.code}: ${run.stderr.trim().split('\n').slice(-8).join('\n')}` };
    const wrong = await target.verify(emulator, records);
    if (wrong !== undefined) return { ...base, status: 'failed', wallSeconds, note: `the emulator does not hold what was written: ${wrong}` };

    const requests: CrmResult['requests'] = {};
    const counted: number[] = [];
    let writes = 0;
    for (const entry of emulator.kit.requests) {
      if (entry.route === undefined) continue;
      if (target.throttled(entry)) {
        requests.throttled = (requests.throttled ?? 0) + 1;
        continue;
      }
      const kind = target.kind(entry.method, entry.route);
      requests[kind] = (requests[kind] ?? 0) + 1;
      if (!target.counted(entry)) continue;
      counted.push(entry.at);
      if (kind === 'write') writes++;
    }
    return { ...base, status: 'ok', wallSeconds, ratio: limitRatio(target.limit, target.records, counted, writes), requests };
  } finally {
    await emulator.close();
  }
}

const ndjson = (records: Record<string, unknown>[]) => `${records.map((r) => JSON.stringify(r)).join('\n')}\n`;

/** A file source of the records, a stage into the sink object (after the prelude's, if any); plugins resolve from tools/bench. */
function pipelineYaml(target: CrmTarget, config: Record<string, unknown>): string {
  const { prelude } = target;
  const streams = [`records: { path: records.ndjson, format: ndjson, key: [${target.key}] }`];
  if (prelude) streams.push(`prelude: { path: prelude.ndjson, format: ndjson, key: [${prelude.key}] }`);
  // JSON is YAML: every value is quoted safely.
  return [
    `name: crm-bench-${target.id}`,
    'sources:',
    '  exports:',
    '    plugin: "@datong/plugin-file"',
    `    config: { streams: { ${streams.join(', ')} } }`,
    'sinks:',
    '  crm:',
    `    plugin: ${JSON.stringify(target.plugin)}`,
    `    config: ${JSON.stringify(config)}`,
    'stages:',
    ...(prelude ? [`  - { name: prelude, from: exports.prelude, to: crm.${prelude.object} }`] : []),
    `  - { name: measured, from: exports.records, to: crm.${target.object}${prelude ? ', after: [prelude]' : ''} }`,
    '',
  ].join('\n');
}

function runDatong(args: string[], cwd: string, env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const childEnv: NodeJS.ProcessEnv = { ...process.env, ...env };
    delete childEnv.DATABASE_URL;
    const child = spawn(process.execPath, [DATONG_BIN, ...args], { cwd, env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr = (stderr + d).slice(-20_000)));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** The CRM section of the report. */
export function printCrm(results: CrmResult[]): string[] {
  const out = ['', 'CRM sinks at their documented rate limits (datong default configuration; emulators on 127.0.0.1):', ''];
  const header = ['sink', 'records', 'records/s', 'limit carries', 'of limit', 'of what is left for writes', 'span s', 'requests: writes / look-ups / read-backs / associations / setup / token', 'throttled'];
  const rows = results.map((r) => {
    if (r.status !== 'ok' || !r.ratio || !r.requests) return [r.title, String(r.records), 'FAILED', '', '', '', '', r.note ?? '', ''];
    const q = r.requests;
    const perSecond = (r.limit.perWindow * r.limit.recordsPerWrite * 1000) / r.limit.windowMs;
    return [
      r.title,
      r.records.toLocaleString('en-US'),
      r.ratio.recordsPerSecond.toFixed(1),
      `${perSecond.toLocaleString('en-US')} rec/s`,
      r.ratio.ofLimit.toFixed(2),
      r.ratio.ofWhatIsLeft.toFixed(2),
      r.ratio.spanSeconds.toFixed(1),
      `${q.write ?? 0} / ${q['look-up'] ?? 0} / ${q['read-back'] ?? 0} / ${q.association ?? 0} / ${q.setup ?? 0} / ${q.token ?? 0}`,
      String(q.throttled ?? 0),
    ];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  for (const row of [header, ...rows]) out.push(row.map((cell, i) => (cell ?? '').padEnd(widths[i]!)).join('  ').trimEnd());
  out.push('', 'Limits:');
  for (const r of results) out.push(`  ${r.title}: ${r.limit.source}`);
  for (const line of CRM_NOT_MEASURED) out.push(`  not measured: ${line}`);
  return out;
}
