import { setTimeout as sleep } from 'node:timers/promises';
import { UpstreamError } from '@datong/sdk';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import type { SalesforceApi } from './salesforce-api.js';

/** What became of one record of a Bulk API 2.0 job. */
export type BulkOutcome = { id: string; created: boolean } | { error: string };

export interface BulkOptions {
  pollIntervalMs: number;
  timeoutMs: number;
  signal: AbortSignal;
}

const TERMINAL = new Set(['JobComplete', 'Failed', 'Aborted']);
/** Bulk API 2.0 takes at most 150 MB (base64) per upload: 100 MB of raw CSV stays under it. */
const MAX_CSV_BYTES = 100 * 1024 * 1024;

/**
 * Upserts many records through Bulk API 2.0 ingest jobs: create the job (upsert, CSV, LF, the
 * External ID field), PUT the CSV, mark it UploadComplete, poll until JobComplete, Failed or
 * Aborted, then read successfulResults (sf__Id, sf__Created) and failedResults (sf__Error) and
 * map them back to keys by the External ID column. Records in neither were not processed.
 *
 * In the CSV a null is `#N/A` (an empty cell leaves the field as it is), and a lookup by
 * external id is the column `Datong_Contact__r.Datong_Key__c`.
 */
export async function bulkUpsert(
  api: SalesforceApi,
  sobject: string,
  externalIdField: string,
  bodies: Map<string, Record<string, unknown>>,
  options: BulkOptions,
): Promise<Map<string, BulkOutcome>> {
  const outcomes = new Map<string, BulkOutcome>();
  for (const part of csvParts([...bodies.values()], externalIdField)) {
    for (const [key, outcome] of await runJob(api, sobject, externalIdField, part, options)) outcomes.set(key, outcome);
  }
  return outcomes;
}

async function runJob(api: SalesforceApi, sobject: string, externalIdField: string, csv: string, options: BulkOptions): Promise<Map<string, BulkOutcome>> {
  const job = (await api.request({
    method: 'POST',
    path: '/jobs/ingest',
    json: { object: sobject, externalIdFieldName: externalIdField, contentType: 'CSV', operation: 'upsert', lineEnding: 'LF' },
  })).json<{ id: string }>();
  const jobPath = `/jobs/ingest/${job.id}`;
  await api.request({ method: 'PUT', path: `${jobPath}/batches`, headers: { 'content-type': 'text/csv' }, body: csv });
  await api.request({ method: 'PATCH', path: jobPath, json: { state: 'UploadComplete' } });

  const deadline = Date.now() + options.timeoutMs;
  let info = (await api.request({ path: jobPath })).json<JobInfo>();
  while (!TERMINAL.has(info.state)) {
    if (Date.now() >= deadline) {
      throw new UpstreamError(`Salesforce bulk job ${job.id} is still ${info.state} after ${options.timeoutMs} ms; a later run writes the same keys again (an upsert, so nothing doubles)`, {
        code: 'BULK_TIMEOUT',
        retryable: true,
      });
    }
    await sleep(options.pollIntervalMs, undefined, { signal: options.signal });
    info = (await api.request({ path: jobPath })).json<JobInfo>();
  }

  const outcomes = new Map<string, BulkOutcome>();
  for (const row of rows((await api.request({ path: `${jobPath}/successfulResults` })).text)) {
    const key = row[externalIdField];
    if (key) outcomes.set(key, { id: row.sf__Id ?? '', created: row.sf__Created === 'true' });
  }
  for (const row of rows((await api.request({ path: `${jobPath}/failedResults` })).text)) {
    const key = row[externalIdField];
    if (key) outcomes.set(key, { error: `Salesforce bulk job ${job.id}: ${row.sf__Error ?? 'failed without a reason'}` });
  }
  if (info.state !== 'JobComplete') {
    const why = `Salesforce bulk job ${job.id} ended ${info.state}${info.errorMessage ? `: ${info.errorMessage}` : ''}; the record was not processed`;
    for (const row of rows(csv)) {
      const key = row[externalIdField];
      if (key && !outcomes.has(key)) outcomes.set(key, { error: why });
    }
  }
  return outcomes;
}

interface JobInfo {
  id: string;
  state: string;
  errorMessage?: string;
  numberRecordsProcessed?: number;
  numberRecordsFailed?: number;
}

/** The bodies as CSV texts of at most MAX_CSV_BYTES, one column per field (nested lookups as `Rel__r.Field`). */
function csvParts(bodies: Record<string, unknown>[], externalIdField: string): string[] {
  const flat = bodies.map(flatten);
  const columns = [externalIdField, ...new Set(flat.flatMap((b) => Object.keys(b)).filter((c) => c !== externalIdField))];
  const lines = flat.map((b) => stringify([columns.map((c) => cell(b, c))], { eof: true }));
  const header = stringify([columns], { eof: true });
  const parts: string[] = [];
  let current = header;
  for (const line of lines) {
    if (current.length > header.length && Buffer.byteLength(current) + Buffer.byteLength(line) > MAX_CSV_BYTES) {
      parts.push(current);
      current = header;
    }
    current += line;
  }
  if (current.length > header.length) parts.push(current);
  return parts;
}

function flatten(body: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(body)) {
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      for (const [inner, v] of Object.entries(value as Record<string, unknown>)) out[`${field}.${inner}`] = v;
    } else {
      out[field] = value;
    }
  }
  return out;
}

/** `#N/A` sets a field to null in Bulk API 2.0; an absent field stays an empty cell, which changes nothing. */
function cell(body: Record<string, unknown>, column: string): string {
  if (!(column in body)) return '';
  const value = body[column];
  if (value === null || value === '') return '#N/A';
  return typeof value === 'string' ? value : String(value);
}

function rows(text: string): Record<string, string>[] {
  if (text.trim() === '') return [];
  return parse(text, { columns: true, skip_empty_lines: true }) as Record<string, string>[];
}
