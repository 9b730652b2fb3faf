import { escapeIdentifier } from 'pg';
import { configError } from './config-error.js';

/** A table by schema and name, with its quoted SQL spelling. */
export interface TableRef {
  schema: string;
  name: string;
  /** `"schema"."name"`, quoted with pg's escapeIdentifier. */
  sql: string;
}

/** Postgres keeps the first 63 bytes of an identifier and silently drops the rest. */
const MAX_IDENTIFIER_BYTES = 63;

/**
 * Names a table. A name longer than Postgres keeps is refused rather than truncated: a truncated
 * name would no longer match what information_schema reports, and two long names could collide.
 */
export function tableRef(schema: string, name: string): TableRef {
  checkIdentifier(schema, 'schema');
  checkIdentifier(name, 'table');
  return { schema, name, sql: `${escapeIdentifier(schema)}.${escapeIdentifier(name)}` };
}

/** Throws a `ConfigError` for an identifier Postgres would truncate or cannot hold. */
export function checkIdentifier(identifier: string, what: string): void {
  if (identifier === '' || identifier.includes('\u0000')) {
    throw configError(`${what} name ${JSON.stringify(identifier)} is not a valid identifier`);
  }
  if (Buffer.byteLength(identifier) > MAX_IDENTIFIER_BYTES) {
    throw configError(`${what} name "${identifier}" is longer than Postgres's ${MAX_IDENTIFIER_BYTES}-byte limit`);
  }
}
