import { isCursorValue, type CursorValue } from './cursor-value.js';
import type { IncrementalMode } from './stream-config.js';

/** A file as it was when read: a changed size or modification time means it changed. */
export interface FileMark {
  size: number;
  mtimeMs: number;
}

/**
 * Where an unfinished scan stands: the file being read (with its mark, so a resume can tell the
 * file is still the same), the last row position settled in it, and in cursor mode the greatest
 * cursor value seen so far in this scan.
 */
export interface ScanPosition extends FileMark {
  file: string;
  line: number;
  maxSeen?: CursorValue;
}

/**
 * The state a stream hands the engine after each batch (the engine keeps it and never looks
 * inside). Every mode carries `scan` (null once a scan completes); cursor mode adds the
 * `watermark` committed by the last complete scan; file mode the files read whole.
 */
export type FileStreamState =
  | { watermark?: CursorValue; files: Record<string, FileMark>; scan: ScanPosition | null }
  | { files: Record<string, FileMark>; scan: ScanPosition | null }
  | { scan: ScanPosition | null };

/** The parts of a previous state this stream can use; whatever does not fit is ignored. */
export interface PreviousState {
  watermark?: CursorValue;
  files: Record<string, FileMark>;
  scan?: ScanPosition;
}

/** Reads a state back leniently: the engine returns what we gave, but a mode may have changed since. */
export function parseState(raw: unknown): PreviousState {
  const state = isObject(raw) ? raw : {};
  const files: Record<string, FileMark> = {};
  if (isObject(state.files)) {
    for (const [name, mark] of Object.entries(state.files)) if (isMark(mark)) files[name] = { size: mark.size, mtimeMs: mark.mtimeMs };
  }
  const scan = state.scan;
  const validScan = isObject(scan) && typeof scan.file === 'string' && typeof scan.line === 'number' && isMark(scan);
  return {
    ...(isCursorValue(state.watermark) ? { watermark: state.watermark } : {}),
    files,
    ...(validScan
      ? {
          scan: {
            file: scan.file as string,
            line: scan.line as number,
            size: scan.size as number,
            mtimeMs: scan.mtimeMs as number,
            ...(isCursorValue(scan.maxSeen) ? { maxSeen: scan.maxSeen } : {}),
          },
        }
      : {}),
  };
}

/** The state to hand the engine, mid-scan (`scan` set) or at the end of a complete scan (`scan` null). */
export function buildState(
  mode: IncrementalMode,
  parts: { watermark: CursorValue | undefined; files: Record<string, FileMark>; scan: ScanPosition | null },
): FileStreamState {
  if (mode === 'cursor') return { ...(parts.watermark === undefined ? {} : { watermark: parts.watermark }), files: { ...parts.files }, scan: parts.scan };
  if (mode === 'file') return { files: { ...parts.files }, scan: parts.scan };
  return { scan: parts.scan };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function isMark(value: unknown): value is FileMark {
  return isObject(value) && typeof value.size === 'number' && typeof value.mtimeMs === 'number';
}
