import { readFile, stat } from 'node:fs/promises';
import { basename, dirname, extname, resolve } from 'node:path';
import { ConfigError, type JsonSchema } from '@datong/sdk';
import type { DeclaredEncoding } from './encoding.js';
import { EXTENSIONS, isGlob } from './file-list.js';
import type { FileStreamConfig } from './generated/source-config.js';

export type FileFormat = 'csv' | 'ndjson' | 'xlsx';
export type StreamShape = 'file' | 'folder' | 'glob';
export type IncrementalMode = 'cursor' | 'file' | 'none';

/** A stream's config with every default settled and every path absolute. */
export interface StreamConfig {
  name: string;
  /** JSON pointer of this stream in the source config, for messages. */
  pointer: string;
  path: string;
  shape: StreamShape;
  format: FileFormat;
  encoding: DeclaredEncoding;
  delimiter: string;
  sheet?: string;
  columns: Record<string, string>;
  key: string[];
  cursorField?: string;
  incremental: IncrementalMode;
  schema: JsonSchema;
}

/**
 * Settles one stream's config: resolves paths against the pipeline's folder, tells a file from a
 * folder from a glob, takes the format from the extension, picks the incremental mode, and loads
 * the record schema. What the config schema cannot say (a cursor mode without a cursor field, a
 * folder without a format) is a `ConfigError` here, before anything is read.
 */
export async function resolveStream(name: string, config: FileStreamConfig, baseDir: string): Promise<StreamConfig> {
  const pointer = `/streams/${name.replace(/~/g, '~0').replace(/\//g, '~1')}`;
  const path = resolve(baseDir, config.path);
  const fail = (field: string, message: string, cause?: unknown): never => {
    throw new ConfigError([{ file: config.path, pointer: `${pointer}/${field}`, message }], { cause });
  };
  if (isGlob(dirname(config.path))) fail('path', 'only the last path segment may hold * or ?');
  const shape: StreamShape = isGlob(basename(path)) ? 'glob' : (await stat(path).catch(() => undefined))?.isDirectory() ? 'folder' : 'file';
  const format = config.format ?? formatOf(path);
  if (format === undefined) {
    return fail('format', `cannot tell the format of ${shape === 'folder' ? 'a folder' : `"${basename(path)}"`}: set format to csv, ndjson or xlsx`);
  }
  const incremental = config.incremental ?? (config.cursorField !== undefined ? 'cursor' : shape === 'file' ? 'none' : 'file');
  if (incremental === 'cursor' && config.cursorField === undefined) fail('incremental', 'incremental: cursor needs a cursorField');
  return {
    name,
    pointer,
    path,
    shape,
    format,
    encoding: config.encoding ?? 'auto',
    delimiter: config.delimiter ?? ',',
    ...(config.sheet === undefined ? {} : { sheet: config.sheet }),
    columns: config.columns ?? {},
    key: [...config.key],
    ...(config.cursorField === undefined ? {} : { cursorField: config.cursorField }),
    incremental,
    schema: await loadSchema(config.schema, baseDir, (message, cause) => fail('schema', message, cause)),
  };
}

function formatOf(path: string): FileFormat | undefined {
  const ext = extname(path).toLowerCase();
  return (Object.keys(EXTENSIONS) as FileFormat[]).find((format) => EXTENSIONS[format].includes(ext));
}

async function loadSchema(
  schema: FileStreamConfig['schema'],
  baseDir: string,
  fail: (message: string, cause?: unknown) => never,
): Promise<JsonSchema> {
  if (schema === undefined) return { type: 'object' };
  if (typeof schema !== 'string') return schema as JsonSchema;
  const path = resolve(baseDir, schema);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    return fail(`the record schema ${path} cannot be read`, error);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return fail(`the record schema ${path} is not valid JSON: ${(error as Error).message}`, error);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return fail(`the record schema ${path} is not a JSON object`);
  return parsed as JsonSchema;
}
