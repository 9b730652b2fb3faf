import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { ConfigError, type JsonSchema } from '@datong/sdk';
import type { CursorFormat } from './cursor-value.js';
import type { RestAuth, RestPaginationConfig, RestSourceConfig, RestStreamConfig } from './generated/source-config.js';
import { CANONICAL_STATUS_ENUMS, statusTablesOf, type StatusTable } from './status-map.js';

/** The config's auth with every default filled in. */
export type ResolvedAuth =
  | { type: 'none' }
  | { type: 'bearer'; token: string }
  | { type: 'basic'; username: string; password: string }
  | { type: 'apiKey'; in: 'header' | 'query'; name: string; value: string }
  | {
      type: 'hmac';
      secret: string;
      keyId?: string;
      keyIdParam: string;
      algorithm: 'sha256' | 'sha512';
      encoding: 'hex' | 'base64';
      header: string;
      timestampParam: string;
    };

/** A stream's paging with its defaults filled in. */
export type ResolvedPagination =
  | { type: 'none' }
  | { type: 'page'; param: string; sizeParam?: string; size: number; start: number; maxPages: number }
  | { type: 'offset'; param: string; limitParam: string; limit: number; maxPages: number }
  | { type: 'cursor'; param: string; from: string; sizeParam?: string; size: number; maxPages: number }
  | { type: 'link'; sizeParam?: string; size: number; maxPages: number }
  | { type: 'nextUrl'; from: string; sizeParam?: string; size: number; maxPages: number };

export interface ResolvedCursor {
  field: string;
  param: string;
  format: CursorFormat;
  overlapSeconds: number;
}

/** One stream, settled: defaults filled, schema loaded, status tables checked. */
export interface ResolvedStream {
  name: string;
  /** JSON pointer of the stream in the source config, for messages. */
  pointer: string;
  path: string;
  recordPath: string;
  key: string[];
  query: Record<string, string>;
  cursor?: ResolvedCursor;
  pagination: ResolvedPagination;
  schema: JsonSchema;
  statusTables: StatusTable[];
}

/** Errors inside a 2xx answer: where the code is and what its values mean. */
export interface ResolvedErrorInBody {
  path: string;
  success: (string | number | boolean)[];
  message?: string;
  retry: (string | number | boolean)[];
  auth: (string | number | boolean)[];
}

export interface ResolvedRestConfig {
  baseUrl: string;
  auth: ResolvedAuth;
  headers: Record<string, string>;
  rateLimit?: { requestsPerSecond: number; burst: number };
  timeoutMs: number;
  retries: number;
  errorInBody?: ResolvedErrorInBody;
  startDate?: string;
  streams: ResolvedStream[];
}

/**
 * Settles the config: fills the defaults the schema declares (the engine may not have), loads
 * record schemas (paths relative to the pipeline file's folder) and refuses, with a `ConfigError`
 * naming the field, what the schema cannot say: two streams of one name, a secret left empty.
 */
export async function resolveConfig(config: RestSourceConfig, baseDir: string): Promise<ResolvedRestConfig> {
  const problems: { pointer: string; message: string }[] = [];
  const auth = resolveAuth(config.auth, problems);
  const names = new Set<string>();
  const streams: ResolvedStream[] = [];
  for (const [index, stream] of config.streams.entries()) {
    const pointer = `/streams/${index}`;
    if (names.has(stream.name)) problems.push({ pointer: `${pointer}/name`, message: `a second stream is named "${stream.name}": stream names must be unique` });
    names.add(stream.name);
    streams.push(await resolveStream(stream, pointer, baseDir, problems));
  }
  if (problems.length > 0) throw new ConfigError(problems);
  const rps = config.rateLimit?.requestsPerSecond;
  return {
    baseUrl: config.baseUrl.replace(/\/+$/, ''),
    auth,
    headers: { ...config.headers },
    ...(rps === undefined ? {} : { rateLimit: { requestsPerSecond: rps, burst: config.rateLimit?.burst ?? Math.max(1, Math.ceil(rps)) } }),
    timeoutMs: config.timeoutMs ?? 30_000,
    retries: config.retries ?? 6,
    ...(config.errorInBody === undefined ? {} : {
      errorInBody: {
        path: config.errorInBody.path,
        success: config.errorInBody.success ?? [0, '0'],
        ...(config.errorInBody.message === undefined ? {} : { message: config.errorInBody.message }),
        retry: config.errorInBody.retry ?? [],
        auth: config.errorInBody.auth ?? [],
      },
    }),
    ...(config.startDate === undefined ? {} : { startDate: config.startDate }),
    streams,
  };
}

function resolveAuth(auth: RestAuth | undefined, problems: { pointer: string; message: string }[]): ResolvedAuth {
  const need = (field: keyof RestAuth, value: string | undefined): string => {
    if (value === undefined || value === '') problems.push({ pointer: `/auth/${field}`, message: `auth type ${auth?.type} needs ${field}` });
    return value ?? '';
  };
  switch (auth?.type ?? 'none') {
    case 'none':
      return { type: 'none' };
    case 'bearer':
      return { type: 'bearer', token: need('token', auth?.token) };
    case 'basic':
      return { type: 'basic', username: need('username', auth?.username), password: need('password', auth?.password) };
    case 'apiKey':
      return { type: 'apiKey', in: auth?.in ?? 'header', name: need('name', auth?.name), value: need('value', auth?.value) };
    case 'hmac':
      return {
        type: 'hmac',
        secret: need('secret', auth?.secret),
        ...(auth?.keyId === undefined ? {} : { keyId: auth.keyId }),
        keyIdParam: auth?.keyIdParam ?? 'key_id',
        algorithm: auth?.algorithm ?? 'sha256',
        encoding: auth?.encoding ?? 'hex',
        header: auth?.header ?? 'X-Signature',
        timestampParam: auth?.timestampParam ?? 'timestamp',
      };
  }
}

async function resolveStream(stream: RestStreamConfig, pointer: string, baseDir: string, problems: { pointer: string; message: string }[]): Promise<ResolvedStream> {
  const cursor = stream.cursor === undefined ? undefined : {
    field: stream.cursor.field,
    param: stream.cursor.param,
    format: stream.cursor.format ?? 'iso8601',
    overlapSeconds: stream.cursor.overlapSeconds ?? 60,
  };
  const statusTables = statusTablesOf(stream.statusMap);
  const schema = await loadSchema(stream, baseDir, (message) => problems.push({ pointer: `${pointer}/schema`, message }));
  return {
    name: stream.name,
    pointer,
    path: stream.path,
    recordPath: stream.recordPath ?? '',
    key: [...stream.key],
    query: Object.fromEntries(Object.entries(stream.query ?? {}).map(([k, v]) => [k, String(v)])),
    ...(cursor === undefined ? {} : { cursor }),
    pagination: resolvePagination(stream.pagination, `${pointer}/pagination`, problems),
    schema: withStatuses(schema, statusTables),
    statusTables,
  };
}

function resolvePagination(p: RestPaginationConfig | undefined, pointer: string, problems: { pointer: string; message: string }[]): ResolvedPagination {
  const maxPages = p?.maxPages ?? 100_000;
  const size = p?.size ?? 100;
  const sizeParam = p?.sizeParam === undefined ? {} : { sizeParam: p.sizeParam };
  switch (p?.type ?? 'none') {
    case 'none':
      return { type: 'none' };
    case 'page':
      return { type: 'page', param: p?.param ?? 'page', sizeParam: p?.sizeParam ?? 'per_page', size, start: p?.start ?? 1, maxPages };
    case 'offset':
      return { type: 'offset', param: p?.param ?? 'offset', limitParam: p?.limitParam ?? 'limit', limit: p?.limit ?? 100, maxPages };
    case 'cursor':
      if (!p?.param || !p.from) problems.push({ pointer, message: 'cursor pagination needs param (the request parameter) and from (where the next cursor is in the answer)' });
      return { type: 'cursor', param: p?.param ?? '', from: p?.from ?? '', ...sizeParam, size, maxPages };
    case 'link':
      return { type: 'link', ...sizeParam, size, maxPages };
    case 'nextUrl':
      if (!p?.from) problems.push({ pointer, message: 'nextUrl pagination needs from (where the next URL is in the answer)' });
      return { type: 'nextUrl', from: p?.from ?? '', ...sizeParam, size, maxPages };
  }
}

/** The stream's record schema: inline, from a file, or any object with the key fields. */
async function loadSchema(stream: RestStreamConfig, baseDir: string, fail: (message: string) => void): Promise<JsonSchema> {
  const given = stream.schema;
  if (given === undefined) {
    const properties: Record<string, JsonSchema> = {};
    for (const field of stream.key) properties[field] = { type: ['string', 'number'] };
    const cursorField = stream.cursor?.field;
    if (cursorField !== undefined && !cursorField.includes('.')) properties[cursorField] ??= {};
    return { type: 'object', required: [...stream.key], properties };
  }
  if (typeof given !== 'string') return given as JsonSchema;
  const path = resolve(baseDir, given);
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    fail(`stream "${stream.name}": the record schema ${path} cannot be read as JSON: ${(error as Error).message}`);
    return { type: 'object' };
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    fail(`stream "${stream.name}": the record schema ${path} is not a JSON object`);
    return { type: 'object' };
  }
  return parsed as JsonSchema;
}

/** A schema listing properties gains the canonical status fields a status table fills. */
function withStatuses(schema: JsonSchema, tables: StatusTable[]): JsonSchema {
  if (tables.length === 0) return schema;
  const properties = schema.properties;
  if (properties === null || typeof properties !== 'object') return schema;
  const added: Record<string, unknown> = { ...(properties as Record<string, unknown>) };
  for (const [field, values] of Object.entries(CANONICAL_STATUS_ENUMS)) added[field] ??= { enum: [...values] };
  return { ...schema, properties: added };
}
