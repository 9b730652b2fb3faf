import type { ConfigLocation, Redactor } from '@datong/sdk';

type Schema = Record<string, unknown>;

/**
 * Replaces every `{ env: NAME }` in a config with the variable's value. A missing variable is a
 * config error at the reference's line. The value is registered with the redactor when it is a
 * secret: its field is marked `x-secret` in the plugin's schema (or there is no schema to say), the
 * variable's name says so (…TOKEN, …SECRET, …PASSWORD, …KEY), or it is a URL carrying a password.
 * A shop name or a base URL from the environment stays readable in logs. (A field the schema marks
 * `x-secret` must come from the environment: see `literalSecrets`.)
 */
export function resolveSecretRefs(
  value: unknown,
  pointer: string,
  ctx: { locate: (pointer: string) => ConfigLocation; redactor: Redactor; env: NodeJS.ProcessEnv; problems: (ConfigLocation & { message: string })[] },
  schema?: Schema,
): unknown {
  if (isEnvRef(value)) {
    const resolved = ctx.env[value.env];
    if (resolved === undefined || resolved === '') {
      ctx.problems.push({ ...ctx.locate(pointer), pointer, message: `environment variable ${value.env} is not set` });
      return undefined;
    }
    if (schema === undefined || schema['x-secret'] === true || SECRET_NAME.test(value.env) || hasPassword(resolved)) ctx.redactor.add(resolved);
    return resolved;
  }
  if (Array.isArray(value)) return value.map((v, i) => resolveSecretRefs(v, `${pointer}/${i}`, ctx, sub(schema, 'items')));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    const props = schema?.properties as Record<string, Schema> | undefined;
    for (const [k, v] of Object.entries(value)) {
      const child = props?.[k] ?? sub(schema, 'additionalProperties');
      out[k] = resolveSecretRefs(v, `${pointer}/${escape(k)}`, ctx, child);
    }
    return out;
  }
  return value;
}

const SECRET_NAME = /SECRET|TOKEN|PASSW|PWD|KEY|CREDENTIAL|AUTH/i;

function hasPassword(value: string): boolean {
  try {
    return new URL(value).password !== '';
  } catch {
    return false;
  }
}

function sub(schema: Schema | undefined, keyword: 'items' | 'additionalProperties'): Schema | undefined {
  const child = schema?.[keyword];
  // Without a schema for the child we cannot tell: treat it as secret (undefined).
  return child !== null && typeof child === 'object' ? (child as Schema) : undefined;
}

/** The pointers (relative to the config) of the fields a config schema marks `x-secret`. */
export function literalSecrets(config: unknown, schema: Record<string, unknown>, pointer = ''): string[] {
  const found: string[] = [];
  if (schema['x-secret'] === true && config !== undefined && !isEnvRef(config)) found.push(pointer);
  const props = schema.properties as Record<string, Record<string, unknown>> | undefined;
  if (props && config !== null && typeof config === 'object' && !Array.isArray(config)) {
    for (const [k, sub] of Object.entries(props)) {
      found.push(...literalSecrets((config as Record<string, unknown>)[k], sub, `${pointer}/${escape(k)}`));
    }
  }
  const extra = schema.additionalProperties;
  if (extra && typeof extra === 'object' && config !== null && typeof config === 'object' && !Array.isArray(config)) {
    for (const [k, v] of Object.entries(config)) {
      if (!props || !(k in props)) found.push(...literalSecrets(v, extra as Record<string, unknown>, `${pointer}/${escape(k)}`));
    }
  }
  return found;
}

export function isEnvRef(value: unknown): value is { env: string } {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length === 1 && typeof (value as { env?: unknown }).env === 'string';
}

function escape(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1');
}
