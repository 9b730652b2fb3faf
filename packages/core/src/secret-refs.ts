import type { ConfigLocation, Redactor } from '@datong/sdk';

/**
 * Replaces every `{ env: NAME }` in a config with the variable's value, registering each value with
 * the redactor. A missing variable is a config error at the reference's line. A field the plugin's
 * schema marks `x-secret` must come from the environment, never be written in the file.
 */
export function resolveSecretRefs(
  value: unknown,
  pointer: string,
  ctx: { locate: (pointer: string) => ConfigLocation; redactor: Redactor; env: NodeJS.ProcessEnv; problems: (ConfigLocation & { message: string })[] },
): unknown {
  if (isEnvRef(value)) {
    const resolved = ctx.env[value.env];
    if (resolved === undefined || resolved === '') {
      ctx.problems.push({ ...ctx.locate(pointer), pointer, message: `environment variable ${value.env} is not set` });
      return undefined;
    }
    ctx.redactor.add(resolved);
    return resolved;
  }
  if (Array.isArray(value)) return value.map((v, i) => resolveSecretRefs(v, `${pointer}/${i}`, ctx));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = resolveSecretRefs(v, `${pointer}/${escape(k)}`, ctx);
    return out;
  }
  return value;
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
