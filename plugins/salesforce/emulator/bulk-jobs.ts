import type { EmulatorRequest, EmulatorResponse } from '@datong/sdk/emulator';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import type { SalesforceEmulatorSettings } from './emulator-settings.js';
import type { OrgStore } from './org-store.js';
import { SOBJECT_FIELDS } from './sobject-fields.js';

/** One Bulk API 2.0 ingest job as the emulated org keeps it. */
export interface IngestJob {
  id: string;
  object: string;
  operation: string;
  externalIdFieldName: string;
  lineEnding: 'LF' | 'CRLF';
  state: 'Open' | 'UploadComplete' | 'InProgress' | 'JobComplete' | 'Failed' | 'Aborted';
  createdDate: string;
  csv: string;
  polls: number;
  successful: Record<string, string>[];
  failed: Record<string, string>[];
  columns: string[];
  errorMessage?: string;
}

const sfError = (status: number, errorCode: string, message: string): EmulatorResponse => ({ status, json: [{ errorCode, message }] });

/**
 * Bulk API 2.0 ingest (upsert only, CSV): create a job, PUT its CSV, PATCH it UploadComplete,
 * and it moves one state per poll to JobComplete, when its rows are upserted; then its
 * successfulResults (sf__Id, sf__Created) and failedResults (sf__Id, sf__Error) are CSV. `#N/A`
 * sets a field to null, an empty cell leaves it alone, and `Rel__r.Ext__c` sets a lookup by the
 * parent's external id.
 */
export class BulkJobs {
  readonly jobs = new Map<string, IngestJob>();
  private counter = 0;

  constructor(
    private readonly store: OrgStore,
    private readonly settings: SalesforceEmulatorSettings,
    private readonly now: () => number,
  ) {}

  create(req: EmulatorRequest): EmulatorResponse {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const object = String(body.object ?? '');
    if (!SOBJECT_FIELDS[object]) return sfError(400, 'INVALIDJOB', `InvalidJob : Unable to find object: ${object}`);
    if (body.operation !== 'upsert') return sfError(400, 'INVALIDJOB', `InvalidJob : the emulator ingests upsert jobs only, not ${String(body.operation)}`);
    const ext = String(body.externalIdFieldName ?? '');
    if (SOBJECT_FIELDS[object]![ext]?.kind !== 'externalId') return sfError(400, 'INVALIDJOB', `InvalidJob : External ID was blank or not an External ID field for ${object}: ${ext}`);
    if ((body.contentType ?? 'CSV') !== 'CSV') return sfError(400, 'INVALIDJOB', 'InvalidJob : contentType must be CSV');
    const lineEnding = (body.lineEnding ?? 'LF') as string;
    if (lineEnding !== 'LF' && lineEnding !== 'CRLF') return sfError(400, 'INVALIDJOB', 'InvalidJob : lineEnding must be LF or CRLF');
    this.counter += 1;
    const job: IngestJob = {
      id: `7505g${String(this.counter).padStart(10, '0')}AAA`,
      object,
      operation: 'upsert',
      externalIdFieldName: ext,
      lineEnding,
      state: 'Open',
      createdDate: new Date(this.now()).toISOString(),
      csv: '',
      polls: 0,
      successful: [],
      failed: [],
      columns: [],
    };
    this.jobs.set(job.id, job);
    return { status: 200, json: this.info(job, req.params.version ?? '') };
  }

  upload(req: EmulatorRequest): EmulatorResponse {
    const job = this.jobs.get(req.params.jobId ?? '');
    if (!job) return sfError(404, 'NOT_FOUND', 'The requested resource does not exist');
    if (job.state !== 'Open') return sfError(409, 'INVALIDJOBSTATE', `Job ${job.id} is ${job.state}: data can be uploaded only while it is Open`);
    if (!(req.headers['content-type'] ?? '').toLowerCase().startsWith('text/csv')) return sfError(400, 'INVALIDREQUEST', 'Content-Type must be text/csv');
    job.csv += req.rawBody.toString('utf8');
    return { status: 201 };
  }

  close(req: EmulatorRequest): EmulatorResponse {
    const job = this.jobs.get(req.params.jobId ?? '');
    if (!job) return sfError(404, 'NOT_FOUND', 'The requested resource does not exist');
    const state = (req.body as { state?: unknown } | undefined)?.state;
    if (state === 'Aborted' && (job.state === 'Open' || job.state === 'UploadComplete')) job.state = 'Aborted';
    else if (state === 'UploadComplete' && job.state === 'Open') job.state = 'UploadComplete';
    else return sfError(400, 'INVALIDJOBSTATE', `Job ${job.id} is ${job.state} and cannot become ${String(state)}`);
    return { status: 200, json: this.info(job, req.params.version ?? '') };
  }

  poll(req: EmulatorRequest): EmulatorResponse {
    const job = this.jobs.get(req.params.jobId ?? '');
    if (!job) return sfError(404, 'NOT_FOUND', 'The requested resource does not exist');
    if (job.state === 'UploadComplete' || job.state === 'InProgress') {
      job.polls += 1;
      if (job.polls >= this.settings.bulkPollsToComplete) this.process(job);
      else job.state = 'InProgress';
    }
    return { status: 200, json: this.info(job, req.params.version ?? '') };
  }

  results(req: EmulatorRequest, which: 'successful' | 'failed' | 'unprocessed'): EmulatorResponse {
    const job = this.jobs.get(req.params.jobId ?? '');
    if (!job) return sfError(404, 'NOT_FOUND', 'The requested resource does not exist');
    if (which !== 'unprocessed' && job.state !== 'JobComplete' && job.state !== 'Failed') {
      return sfError(400, 'INVALIDJOBSTATE', `Job ${job.id} is ${job.state}: results are available once it is JobComplete or Failed`);
    }
    const head = which === 'successful' ? ['sf__Id', 'sf__Created'] : which === 'failed' ? ['sf__Id', 'sf__Error'] : [];
    const rows = which === 'successful' ? job.successful : which === 'failed' ? job.failed : job.state === 'JobComplete' ? [] : this.rows(job);
    const columns = [...head, ...job.columns];
    const text = stringify([columns, ...rows.map((r) => columns.map((c) => r[c] ?? ''))], { record_delimiter: job.lineEnding === 'CRLF' ? '\r\n' : '\n' });
    return { status: 200, headers: { 'content-type': 'text/csv' }, text };
  }

  private process(job: IngestJob): void {
    let rows: Record<string, string>[];
    try {
      rows = this.rows(job);
    } catch (error) {
      job.state = 'Failed';
      job.errorMessage = `InvalidBatch : ${(error as Error).message}`;
      return;
    }
    for (const row of rows) {
      const input: Record<string, unknown> = {};
      for (const [column, cell] of Object.entries(row)) {
        if (cell === '') continue;
        const value = cell === '#N/A' ? null : cell;
        const dot = column.indexOf('.');
        if (dot > 0) input[column.slice(0, dot)] = { [column.slice(dot + 1)]: value };
        else input[column] = value;
      }
      const result = this.store.upsert(job.object, job.externalIdFieldName, input);
      if (result.success) job.successful.push({ ...row, sf__Id: result.id, sf__Created: String(result.created) });
      else job.failed.push({ ...row, sf__Id: '', sf__Error: result.errors.map((e) => `${e.statusCode}:${e.message}:${e.fields.join(',')} --`).join(' ') });
    }
    job.state = 'JobComplete';
  }

  private rows(job: IngestJob): Record<string, string>[] {
    if (job.csv.trim() === '') return [];
    const parsed = parse(job.csv, { columns: (header: string[]) => ((job.columns = header), header), skip_empty_lines: true }) as Record<string, string>[];
    return parsed;
  }

  private info(job: IngestJob, version: string): Record<string, unknown> {
    return {
      id: job.id,
      operation: job.operation,
      object: job.object,
      createdById: '0055g00000AAAAAAAA',
      createdDate: job.createdDate,
      systemModstamp: new Date(this.now()).toISOString(),
      state: job.state,
      externalIdFieldName: job.externalIdFieldName,
      concurrencyMode: 'Parallel',
      contentType: 'CSV',
      apiVersion: Number(version.replace(/^v/, '')),
      contentUrl: `services/data/${version}/jobs/ingest/${job.id}/batches`,
      lineEnding: job.lineEnding,
      columnDelimiter: 'COMMA',
      numberRecordsProcessed: job.successful.length + job.failed.length,
      numberRecordsFailed: job.failed.length,
      ...(job.errorMessage ? { errorMessage: job.errorMessage } : {}),
    };
  }
}
