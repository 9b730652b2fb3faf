import { readFileSync } from 'node:fs';
import { buildSchema, extendSchema, parse, type GraphQLSchema } from 'graphql';

const sdl = (file: string) => readFileSync(new URL(file, import.meta.url), 'utf8');
let v2025_01: GraphQLSchema | undefined;
let v2025_04: GraphQLSchema | undefined;

/**
 * The schema an Admin API version serves: the 2025-01 subset (admin-schema.graphql) up to
 * 2025-01, with the customer's defaultEmailAddress/defaultPhoneNumber from 2025-04 on.
 */
export function schemaFor(apiVersion: string): GraphQLSchema {
  v2025_01 ??= buildSchema(sdl('admin-schema.graphql'));
  if (apiVersion !== 'unstable' && apiVersion < '2025-04') return v2025_01;
  v2025_04 ??= extendSchema(v2025_01, parse(sdl('admin-schema-2025-04.graphql')));
  return v2025_04;
}
