import { DatongError } from '../errors.js';
import type { JsonSchema, PluginContext } from '../plugin.js';
import type { PluginState } from '../plugin-state.js';
import { compileOrExplain, createContractAjv, describeAjvErrors } from './contract-ajv.js';
import type { ContractTest } from './contract-test.js';
import { secretFields, secretValues } from './secret-values.js';
import { testContext, type TestContext } from './test-context.js';

/** A source or sink definition: what the config checks need of either. */
export interface Openable {
  open(config: any, ctx: PluginContext): Promise<{ check?(): Promise<void>; close?(): Promise<void> }>;
}

/** What a user may see when their credentials are refused: the error must say so. */
const CREDENTIAL_PROBLEM = /credential|token|auth|unauthori[sz]ed|forbidden|401|403/i;

/**
 * The subtest "a bad config is refused": by the config schema (as the engine validates before
 * opening anything) or else by open()/check() with a DatongError; either way with a message that
 * matches what the plugin's test expects.
 */
export async function checkBadConfig(t: ContractTest, part: Openable | undefined, configSchema: JsonSchema | undefined, bad: { config: Record<string, unknown>; message: RegExp }): Promise<void> {
  await t.test('a bad config is refused', async (t) => {
    const refused = schemaRefuses(configSchema, bad.config);
    if (refused !== undefined) {
      t.ok(bad.message.test(refused), `the config schema refuses it with a message matching ${bad.message}`, { found: refused, wanted: bad.message });
      return;
    }
    if (!part) return void t.fail('the plugin exports no part to open');
    const ctx = contextWithSecrets([bad.config], configSchema);
    const error = await openAndCheck(part, bad.config, ctx);
    if (error === undefined) {
      return void t.fail('the bad config was accepted: neither the config schema nor open()/check() refused it', { config: ctx.redactor.value(bad.config) });
    }
    if (!(error instanceof DatongError)) {
      return void t.fail(`open()/check() refused it with a plain ${errorName(error)}; throw a ConfigError so the user is told which field is wrong`, { message: ctx.redactor.text(messageOf(error)) });
    }
    t.ok(bad.message.test(error.message), `open()/check() refuse it with a message matching ${bad.message}`, { found: ctx.redactor.text(error.message), wanted: bad.message });
  });
}

/** The subtest "check passes against the emulator". */
export async function checkPasses(t: ContractTest, part: Openable | undefined, config: Record<string, unknown>, configSchema: JsonSchema | undefined): Promise<void> {
  await t.test('check passes against the emulator', async (t) => {
    if (!part) return void t.fail('the plugin exports no part to open');
    const ctx = contextWithSecrets([config], configSchema);
    const refused = schemaRefuses(configSchema, config);
    if (refused) return void t.fail(`the emulator's config breaks the config schema, so the engine would refuse it before opening the plugin: ${refused}`);
    let connection: Awaited<ReturnType<Openable['open']>> | undefined;
    try {
      connection = await part.open(config, ctx);
      if (typeof connection.check !== 'function') {
        return void t.fail('the connection has no check(): `datong check` needs one to prove the credentials without reading records');
      }
      await connection.check();
      t.pass('check() passed');
    } catch (error) {
      t.fail(`open()/check() failed against the emulator: ${ctx.redactor.text(messageOf(error))}`, codeOf(error));
    } finally {
      await connection?.close?.().catch(() => undefined);
    }
  });
}

/**
 * The subtest "check fails clearly on bad credentials": open()+check() reject with a typed,
 * non-retryable error whose message names the credential problem and holds no secret of either
 * config (the values their schema marks `x-secret`).
 */
export async function checkBadCredentials(t: ContractTest, part: Openable | undefined, good: Record<string, unknown>, bad: Record<string, unknown>, configSchema: JsonSchema | undefined): Promise<void> {
  await t.test('check fails clearly on bad credentials', async (t) => {
    if (!part) return void t.fail('the plugin exports no part to open');
    const ctx = contextWithSecrets([good, bad], configSchema);
    const refused = schemaRefuses(configSchema, bad);
    if (refused) return void t.fail(`badCredentials break the config schema (${refused}): they must be well-formed, so that the platform refuses them, not Ajv`);
    const error = await openAndCheck(part, bad, ctx);
    if (error === undefined) return void t.fail('check() passed with bad credentials: it must make a call that needs them');
    const text = messageOf(error);
    t.ok(CREDENTIAL_PROBLEM.test(text), 'the error names the credential problem', { found: ctx.redactor.text(text), wanted: CREDENTIAL_PROBLEM });
    const said = everythingSaid(error);
    const leaked = [
      ...secretFields(good, configSchema).map((f) => ({ ...f, config: 'config' })),
      ...secretFields(bad, configSchema).map((f) => ({ ...f, config: 'badCredentials' })),
    ].filter((f) => said.some((text) => text.includes(f.value) || text.includes(encodeURIComponent(f.value))));
    // Name the field, never the value: this failure is printed too.
    t.ok(leaked.length === 0, 'the error holds no secret of either config',
      leaked.length ? { leaked: leaked.map((f) => `the value of ${f.config}${f.pointer} appears in the error's message, cause or fields`).join('; ') } : {});
    if (error instanceof DatongError) {
      t.ok(!error.retryable, 'a refused credential is not retryable (the engine would retry it in vain)', { code: error.code });
    } else {
      t.fail(`refused with a plain ${errorName(error)}; throw an UpstreamError (status 401/403) so the engine knows not to retry`);
    }
  });
}

/** What the config schema says is wrong with a config, or undefined when it is valid (or there is no schema). */
function schemaRefuses(configSchema: JsonSchema | undefined, config: unknown): string | undefined {
  if (!configSchema) return undefined;
  const validate = compileOrExplain(createContractAjv({ schemas: [configSchema] }), configSchema, 'the config schema');
  if (typeof validate === 'string' || validate(config)) return undefined;
  return describeAjvErrors(validate.errors);
}

/** Opens and checks; resolves with what either threw, or undefined when both passed. */
async function openAndCheck(part: Openable, config: Record<string, unknown>, ctx: PluginContext): Promise<unknown> {
  let connection: Awaited<ReturnType<Openable['open']>> | undefined;
  try {
    connection = await part.open(config, ctx);
    if (typeof connection.check !== 'function') return new Error('the connection has no check()');
    await connection.check();
    return undefined;
  } catch (error) {
    return error ?? new Error('threw undefined');
  } finally {
    await connection?.close?.().catch(() => undefined);
  }
}

/** A test context whose redactor knows the configs' secrets, as the engine's does before it opens a plugin. */
export function contextWithSecrets(configs: unknown[], configSchema: JsonSchema | undefined, state?: PluginState): TestContext {
  const ctx = testContext({ state });
  for (const config of configs) for (const secret of secretValues(config, configSchema)) ctx.redactor.add(secret);
  return ctx;
}

/** The message, the messages of the cause chain and the error's own fields, as text. */
function everythingSaid(error: unknown): string[] {
  const said: string[] = [];
  for (let e: unknown = error, depth = 0; e !== undefined && e !== null && depth < 10; e = (e as { cause?: unknown }).cause, depth++) {
    said.push(messageOf(e));
    if (typeof e === 'object') {
      try {
        said.push(JSON.stringify(e));
      } catch {
        // A cyclic field: the message alone must do.
      }
    }
  }
  return said;
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The error's code, for a failure's details. */
export function codeOf(error: unknown): Record<string, unknown> {
  return error instanceof DatongError ? { code: error.code } : {};
}

function errorName(error: unknown): string {
  return error instanceof Error ? error.name : typeof error;
}
