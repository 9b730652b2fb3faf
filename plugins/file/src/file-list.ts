import { readdir, stat } from 'node:fs/promises';
import { basename, dirname, extname, join } from 'node:path';
import { ConfigError } from '@datong/sdk';
import type { FileFormat, StreamShape } from './stream-config.js';

/** One file a stream will read, as it was when listed. */
export interface ListedFile {
  path: string;
  /** Its name: unique within the stream (one folder), used in `at`, messages and state. */
  name: string;
  size: number;
  mtimeMs: number;
}

/** The extensions a folder's files must have for each format. */
export const EXTENSIONS: Record<FileFormat, string[]> = {
  csv: ['.csv'],
  ndjson: ['.ndjson', '.jsonl'],
  xlsx: ['.xlsx'],
};

/**
 * The files a stream reads, sorted by name: the file itself, a folder's files with the format's
 * extension, or a glob's matches. Hidden files and Excel's lock files (`~$orders.xlsx`) are left
 * out. A missing file or folder is a `ConfigError`; an empty folder or glob is not.
 */
export async function listFiles(stream: { path: string; shape: StreamShape; format: FileFormat; pointer: string }): Promise<ListedFile[]> {
  if (stream.shape === 'file') {
    const info = await stat(stream.path).catch((error: unknown) => missing(stream.path, stream.pointer, error));
    if (!info.isFile()) throw problem(stream.path, stream.pointer, 'is not a file');
    return [{ path: stream.path, name: basename(stream.path), size: info.size, mtimeMs: info.mtimeMs }];
  }
  const folder = stream.shape === 'folder' ? stream.path : dirname(stream.path);
  const entries = await readdir(folder, { withFileTypes: true }).catch((error: unknown) => missing(folder, stream.pointer, error));
  const pattern = stream.shape === 'glob' ? globToRegExp(basename(stream.path)) : undefined;
  const names = entries
    .filter((entry) => entry.isFile() && !entry.name.startsWith('.') && !entry.name.startsWith('~$'))
    .map((entry) => entry.name)
    .filter((name) => (pattern === undefined ? EXTENSIONS[stream.format].includes(extname(name).toLowerCase()) : pattern.test(name)))
    .sort();
  const files: ListedFile[] = [];
  for (const name of names) {
    const path = join(folder, name);
    const info = await stat(path);
    files.push({ path, name, size: info.size, mtimeMs: info.mtimeMs });
  }
  return files;
}

/** Does this path's last segment hold a wildcard (`*` or `?`)? */
export function isGlob(path: string): boolean {
  return /[*?]/.test(path);
}

/** A glob of one path segment as a regular expression: `*` any run of characters, `?` one. */
export function globToRegExp(glob: string): RegExp {
  const body = glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${body}$`);
}

function missing(path: string, pointer: string, error: unknown): never {
  const code = (error as { code?: unknown }).code;
  throw problem(path, pointer, code === 'ENOENT' ? 'does not exist' : `cannot be read (${String(code ?? error)})`, error);
}

function problem(path: string, pointer: string, message: string, cause?: unknown): ConfigError {
  return new ConfigError([{ file: path, pointer: `${pointer}/path`, message }], { cause });
}
