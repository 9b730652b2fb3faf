import type { JsonSchema } from '../plugin.js';

/** A secret in a config: where it is (a JSON pointer) and its value. */
export interface SecretField {
  pointer: string;
  value: string;
}

/**
 * The values in `config` that its schema marks `x-secret` (at any depth of `properties` or
 * `additionalProperties`): what must never show in an error, a log line or a stored row.
 * Values under four characters are left out, as the redactor leaves them.
 */
export function secretValues(config: unknown, schema: JsonSchema | undefined): string[] {
  return secretFields(config, schema).map((f) => f.value);
}

/** As `secretValues`, with where each value sits, so a failure can name the field and not the value. */
export function secretFields(config: unknown, schema: JsonSchema | undefined, pointer = ''): SecretField[] {
  if (!schema || config === undefined || config === null) return [];
  if (schema['x-secret'] === true) return leaves(config).filter((value) => value.length >= 4).map((value) => ({ pointer: pointer || '/', value }));
  if (typeof config !== 'object' || Array.isArray(config)) return [];
  const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
  const extra = typeof schema.additionalProperties === 'object' ? (schema.additionalProperties as JsonSchema) : undefined;
  return Object.entries(config).flatMap(([key, inner]) => secretFields(inner, properties[key] ?? extra, `${pointer}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`));
}

function leaves(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (typeof value === 'number') return [String(value)];
  if (Array.isArray(value)) return value.flatMap(leaves);
  if (value !== null && typeof value === 'object') return Object.values(value).flatMap(leaves);
  return [];
}
