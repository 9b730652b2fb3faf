import { join } from 'node:path';
import { DatongError, type DataRecord, type Logger, type SinkObject, type SinkObjectSpec, type SinkWrite, type SinkWriteResult } from '@datong/sdk';
import { writeFileAtomic } from './atomic-write.js';
import { loadRecords } from './load-records.js';
import type { SinkFormat } from './sink-format.js';

/** Records a scan yields per page. */
export const SCAN_PAGE = 1000;

/**
 * One export file, `<dir>/<object>.<ext>`. Files cannot be updated in place, so the object holds
 * the file's records in memory, in insertion order by key, and every write or delete rewrites the
 * whole file atomically. Writing the same batch twice leaves one copy of each record. Meant for
 * exports of modest size (a rescue spreadsheet, a daily hand-off), not millions of rows. Opened
 * read-only (`spec.readOnly`) it only reads the file: write and delete throw, touching nothing.
 */
export class FileSinkObject implements SinkObject {
  private queue: Promise<unknown> = Promise.resolve();
  /** Writes and deletes saved through this object since it opened: a run workbook is written only after some. */
  private saved = 0;

  private constructor(
    readonly spec: SinkObjectSpec,
    readonly path: string,
    private readonly format: SinkFormat,
    private records: Map<string, DataRecord>,
  ) {}

  static async open(spec: SinkObjectSpec, dir: string, format: SinkFormat, options: { delimiter: string; logger?: Logger }): Promise<FileSinkObject> {
    const path = join(dir, `${spec.name}${format.extension}`);
    return new FileSinkObject(spec, path, format, await loadRecords(path, format, spec, options));
  }

  /** Upserts by key; a record the format cannot hold comes back with an error (and is not written). */
  write(batch: SinkWrite[]): Promise<SinkWriteResult[]> {
    if (this.spec.readOnly) return Promise.reject(this.readOnlyError('write'));
    return this.serially(async () => {
      const next = new Map(this.records);
      const results: SinkWriteResult[] = [];
      for (const { key, record } of batch) {
        const problem = this.format.refuse(record);
        if (problem !== undefined) {
          results.push({ key, error: problem });
          continue;
        }
        next.set(key, record);
        results.push({ key, sinkId: key });
      }
      await this.save(next);
      return results;
    });
  }

  async readBack(keys: string[]): Promise<Map<string, DataRecord>> {
    await this.queue;
    const found = new Map<string, DataRecord>();
    for (const key of keys) {
      const record = this.records.get(key);
      if (record !== undefined) found.set(key, record);
    }
    return found;
  }

  /**
   * The records the file holds, in file order, `SCAN_PAGE` a page, as read-back gives them: the
   * file as loaded when the object was opened, with the writes and deletes made through it since
   * (each saved to disk before it shows). An edit made to the file by hand meanwhile shows on the
   * next open.
   */
  async *scan(): AsyncIterable<{ key: string; record: DataRecord }[]> {
    await this.queue;
    // A write replaces the map rather than changing it, so this is a consistent snapshot.
    const held = [...this.records];
    for (let i = 0; i < held.length; i += SCAN_PAGE) yield held.slice(i, i + SCAN_PAGE).map(([key, record]) => ({ key, record }));
  }

  delete(keys: string[]): Promise<void> {
    if (this.spec.readOnly) return Promise.reject(this.readOnlyError('delete'));
    return this.serially(async () => {
      const next = new Map(this.records);
      for (const key of keys) next.delete(key);
      await this.save(next);
    });
  }

  // The map changes only once its file is safely on disk, so read-back never shows what a
  // failed write did not persist.
  private async save(next: Map<string, DataRecord>): Promise<void> {
    await writeFileAtomic(this.path, await this.format.encode([...next.values()], this.spec));
    this.records = next;
    this.saved++;
  }

  /** Whether a write or delete through this object has been saved. */
  get changed(): boolean {
    return this.saved > 0;
  }

  /** Every record the file holds now, in file order (once writes in flight are saved). */
  async held(): Promise<DataRecord[]> {
    await this.queue;
    return [...this.records.values()];
  }

  private readOnlyError(call: string): DatongError {
    return new DatongError(`the export ${this.path} was opened read-only (a dry run or a reconciliation): ${call} is refused and the file is left as it is`, {
      code: 'SINK_READ_ONLY',
    });
  }

  // One rewrite at a time: two overlapping rewrites of one file would race on its temporary file.
  private serially<T>(task: () => Promise<T>): Promise<T> {
    const run = this.queue.then(task, task);
    this.queue = run.catch(() => undefined);
    return run;
  }
}
