import { createReadStream } from 'node:fs';
import type { PluginContext, ReadOptions, SourceBatch, SourceItem, SourceStream, StreamSpec } from '@datong/sdk';
import { compareCursor, isCursorValue, maxCursor } from './cursor-value.js';
import { listFiles, type ListedFile } from './file-list.js';
import { readRows } from './file-reader.js';
import { buildState, parseState, type FileMark, type ScanPosition } from './read-state.js';
import type { StreamConfig } from './stream-config.js';

/**
 * One configured stream of files. `read` walks the stream's files in name order and yields
 * batches of at most `batchSize` items, each with the state to resume from once it is settled:
 *
 * - `cursor`: records at or below the watermark are skipped; the watermark moves to the greatest
 *   cursor seen only in the final state of a complete scan, since rows need not be sorted; files
 *   unchanged since they were read whole are not opened again;
 * - `file`: files already read whole (same name, size and modification time) are skipped;
 * - `none`: everything is read every run.
 *
 * Mid-scan states are positional (file and row), so a crashed run resumes where it stopped and
 * yields none of the rows it had settled again.
 */
export class FileStream implements SourceStream {
  readonly spec: StreamSpec;

  constructor(readonly config: StreamConfig) {
    this.spec = {
      name: config.name,
      schema: config.schema,
      key: config.key,
      ...(config.cursorField === undefined ? {} : { cursorField: config.cursorField }),
      // CSV and XLSX cells are text (or loosely typed): the engine coerces them against the schema.
      coerceTypes: config.format !== 'ndjson',
    };
  }

  async *read(options: ReadOptions, ctx: PluginContext): AsyncGenerator<SourceBatch> {
    const { config } = this;
    const mode = config.incremental;
    const previous = parseState(options.fullRefresh ? undefined : options.state);
    const listed = await listFiles(config);
    // A file unchanged since a scan read it whole holds nothing new: in file mode by definition,
    // in cursor mode because every record it holds was at or below the watermark (or unreadable,
    // and already dead-lettered). Skipping it makes a no-change run read nothing.
    const tracksFiles = mode === 'file' || mode === 'cursor';
    const files = tracksFiles ? unchangedFiles(previous.files, listed) : {};
    let todo = listed.filter((file) => files[file.name] === undefined);
    const resume = resumePoint(previous.scan, todo, ctx);
    if (resume !== undefined) todo = todo.filter((file) => file.name >= resume.file);
    const watermark = mode === 'cursor' ? previous.watermark : undefined;
    let maxSeen = mode === 'cursor' ? resume?.maxSeen : undefined;
    const total = todo.reduce((sum, file) => sum + file.size, 0);
    ctx.logger.debug(`${config.name}: reading ${todo.length} of ${listed.length} file(s), ${total} bytes`, { stream: config.name });

    const size = Math.max(1, Math.floor(options.batchSize));
    let items: SourceItem[] = [];
    let faulted = false;
    let bytesDone = 0;
    const batch = (scan: ScanPosition | null, done: number): SourceBatch => {
      // The crash-test hook fires once per batch; a batch that never got half full fires it here.
      if (!faulted) ctx.fault('while-reading');
      const state = buildState(mode, { watermark: scan === null ? maxCursor(watermark, maxSeen) : watermark, files, scan });
      const out: SourceBatch = { items, state, progress: { done, total, unit: 'bytes' } };
      items = [];
      faulted = false;
      return out;
    };
    // Cursor mode: is this record newer than the watermark? Tracks the greatest value seen.
    const isNew = (item: SourceItem): boolean => {
      if (mode !== 'cursor' || !('record' in item)) return true;
      const value = item.record[config.cursorField!];
      if (!isCursorValue(value)) return true;
      if (watermark !== undefined && compareCursor(value, watermark) <= 0) return false;
      maxSeen = maxCursor(maxSeen, value);
      return true;
    };

    for (const file of todo) {
      ctx.signal.throwIfAborted();
      const skipTo = resume?.file === file.name ? resume.line : 0;
      const input = createReadStream(file.path);
      try {
        const rows = readRows(config.format, input, {
          name: file.name,
          encoding: config.encoding,
          delimiter: config.delimiter,
          ...(config.sheet === undefined ? {} : { sheet: config.sheet }),
          columns: config.columns,
          pointer: config.pointer,
          logger: ctx.logger,
        });
        for await (const row of rows) {
          ctx.signal.throwIfAborted();
          if (row.line <= skipTo || !isNew(row.item)) continue;
          items.push(row.item);
          if (!faulted && items.length >= Math.ceil(size / 2)) {
            faulted = true;
            ctx.fault('while-reading');
          }
          if (items.length >= size) {
            const scan = { file: file.name, line: row.line, size: file.size, mtimeMs: file.mtimeMs, ...(maxSeen === undefined ? {} : { maxSeen }) };
            yield batch(scan, bytesDone + input.bytesRead);
          }
        }
      } finally {
        input.destroy();
      }
      bytesDone += file.size;
      if (tracksFiles) files[file.name] = { size: file.size, mtimeMs: file.mtimeMs };
    }
    // The final batch may be empty: it exists to deliver the completed scan's state.
    yield batch(null, bytesDone);
  }
}

// File mode: the files a previous run read whole that are still there, unchanged.
function unchangedFiles(previous: Record<string, FileMark>, listed: ListedFile[]): Record<string, FileMark> {
  const files: Record<string, FileMark> = {};
  for (const file of listed) {
    const mark = previous[file.name];
    if (mark !== undefined && mark.size === file.size && mark.mtimeMs === file.mtimeMs) files[file.name] = mark;
  }
  return files;
}

// A saved position is only good while its file is still there and unchanged; otherwise the scan
// starts over (re-reading is harmless: the sink upserts by key).
function resumePoint(scan: ScanPosition | undefined, todo: ListedFile[], ctx: PluginContext): ScanPosition | undefined {
  if (scan === undefined) return undefined;
  const file = todo.find((f) => f.name === scan.file);
  if (file !== undefined && file.size === scan.size && file.mtimeMs === scan.mtimeMs) return scan;
  ctx.logger.info(`${scan.file} is gone or changed since the interrupted read: starting the scan over`, { file: scan.file });
  return undefined;
}
