import type { ValidateFunction } from 'ajv/dist/2020.js';
import type { JsonSchema, Plugin, SourceConnection, SourceStream } from '../plugin.js';
import { MemoryPluginState } from '../plugin-state.js';
import { checkBadConfig, checkBadCredentials, checkPasses, contextWithSecrets, messageOf } from './config-checks.js';
import { compileOrExplain, createContractAjv, schemaProperties } from './contract-ajv.js';
import type { ContractTest } from './contract-test.js';
import { withEmulator } from './emulator-session.js';
import { checkManifest, type LoadedManifest } from './manifest-check.js';
import { readStream, type StreamRead } from './read-stream.js';
import { compareUnion, unionOfReads } from './stream-union.js';

/** What a source's emulator, started fresh by `start()`, offers the contract. */
export interface SourceEmulatorSession {
  /** A config that reaches the emulator with good credentials. */
  config: Record<string, unknown>;
  /** The same config with credentials the emulator refuses. */
  badCredentials: Record<string, unknown>;
  close(): Promise<void>;
  /** Changes records in the emulator (updates some, adds some). */
  mutate(): Promise<void>;
  /**
   * Every record the platform now holds for a stream, keyed by `recordKey` of the stream key,
   * with its latest cursor value: what a full read must yield. `record` is compared (fields both
   * sides have) only when there is no cursor to tell versions apart.
   */
  expected(stream: string): Promise<Map<string, { cursor?: unknown; record: Record<string, unknown> }>>;
}

export interface SourceContractOptions {
  /** The plugin package folder (holds plugin.json and package.json). */
  packageDir: string;
  plugin: Plugin;
  /** Starts a fresh emulator (once for the checks, once per stream). */
  start(): Promise<SourceEmulatorSession>;
  /** A config that must be refused, with a pattern its message must match. */
  badConfig: { config: Record<string, unknown>; message: RegExp };
  streams: string[];
}

/** Records per batch in the contract's reads: small, so every stream pages through several. */
const BATCH_SIZE = 7;

/**
 * The contract every source plugin passes, as named tap subtests: the manifest, a bad config,
 * check() with good and bad credentials, and for each stream its schema, a full read and a full
 * read + changes + incremental read that must end with every record's latest version.
 *
 * @example
 *   t.test('contract', (t) => sourceContract(t, {
 *     packageDir: fileURLToPath(new URL('..', import.meta.url)), plugin, streams: ['orders'],
 *     badConfig: { config: { shop: '' }, message: /shop/ },
 *     start: async () => { const e = await startEmulator({}); return { config: {...}, ... } },
 *   }));
 */
export async function sourceContract(t: ContractTest, options: SourceContractOptions): Promise<void> {
  const loaded = await checkManifest(t, options.packageDir, 'source', options.plugin);
  const source = options.plugin.source;
  await checkBadConfig(t, source, loaded.configSchema, options.badConfig);
  await withEmulator(t, options.start, 'for check()', async (emulator) => {
    await checkPasses(t, source, emulator.config, loaded.configSchema);
    await checkBadCredentials(t, source, emulator.config, emulator.badCredentials, loaded.configSchema);
  });
  for (const name of options.streams) {
    await withEmulator(t, options.start, `for stream ${name}`, (emulator) => streamContract(t, name, options, loaded, emulator));
  }
}

async function streamContract(t: ContractTest, name: string, options: SourceContractOptions, loaded: LoadedManifest, emulator: SourceEmulatorSession): Promise<void> {
  const run: StreamRun = { options, emulator, state: new MemoryPluginState(), configSchema: loaded.configSchema, name };
  let stream: SourceStream | undefined;
  let validate: ValidateFunction | undefined;
  let full: StreamRead | undefined;

  await t.test(`stream ${name}: key and cursor fields exist in the schema`, async (t) => {
    const found = await openStream(run);
    if (typeof found === 'string') return void t.fail(found);
    stream = found.stream;
    await found.connection.close?.();
    const { spec } = stream;
    const problems: string[] = [];
    const ajv = createContractAjv({ schemas: [spec.schema], coerce: spec.coerceTypes });
    const compiled = compileOrExplain(ajv, spec.schema, `the schema of stream "${name}"`);
    if (typeof compiled === 'string') problems.push(compiled);
    else validate = compiled;
    const properties = schemaProperties(ajv, spec.schema);
    if (spec.key.length === 0) problems.push(`stream "${name}" has an empty key: the engine cannot tell its records apart`);
    for (const field of spec.key) if (!properties.has(field)) problems.push(`key field "${field}" is not a property of the stream schema`);
    if (spec.cursorField !== undefined && !properties.has(spec.cursorField)) problems.push(`cursor field "${spec.cursorField}" is not a property of the stream schema`);
    const declared = loaded.entities.get(name);
    if (declared && declared.key.join() !== spec.key.join()) problems.push(`plugin.json gives stream "${name}" the key [${declared.key}], the stream itself [${spec.key}]`);
    if (declared && declared.cursorField !== spec.cursorField) problems.push(`plugin.json gives stream "${name}" the cursor ${declared.cursorField}, the stream itself ${spec.cursorField}`);
    if (problems.length === 0) t.pass(`key [${spec.key}]${spec.cursorField ? `, cursor ${spec.cursorField}` : ''}: all in the schema`);
    for (const problem of problems) t.fail(problem);
  });
  if (!stream) return;

  await t.test(`stream ${name}: a full read yields every record, each valid`, async (t) => {
    const expected = await emulator.expected(name);
    if (expected.size === 0) return void t.fail(`the emulator holds no "${name}" records: seed some, or this contract proves nothing`);
    full = await readOnce(run, undefined, validate, expected.size);
    for (const problem of full.problems) t.fail(problem);
    const seen = new Set(full.records.map((r) => r.key));
    const missing = [...expected.keys()].filter((k) => !seen.has(k));
    const unknown = [...seen].filter((k) => !expected.has(k));
    t.ok(missing.length === 0, `every one of the ${expected.size} records is read`, missing.length ? { missing: listed(missing) } : {});
    t.ok(unknown.length === 0, 'no record is read that the emulator does not hold', unknown.length ? { unknown: listed(unknown) } : {});
    t.comment(`stream ${name}: full read of ${full.records.length} records in ${full.batches} batches of at most ${BATCH_SIZE}`);
  });

  await t.test(`stream ${name}: full read, changes, incremental read = every record's latest version`, async (t) => {
    if (!full) return void t.fail('the full read did not run');
    const before = await emulator.expected(name);
    await emulator.mutate();
    const after = await emulator.expected(name);
    const changed = [...after].filter(([k, v]) => {
      const old = before.get(k);
      return !old || JSON.stringify(old.cursor) !== JSON.stringify(v.cursor) || (v.cursor === undefined && JSON.stringify(old.record) !== JSON.stringify(v.record));
    });
    if (changed.length === 0) return void t.fail(`mutate() changed no "${name}" record the emulator reports: the incremental read would prove nothing`);
    const incremental = await readOnce(run, full.state, validate, after.size);
    for (const problem of incremental.problems) t.fail(problem);
    const union = unionOfReads([full.records, incremental.records], stream!.spec.cursorField);
    const diff = compareUnion(union, after);
    t.ok(diff.missing.length === 0, 'no record is missing after the incremental read', diff.missing.length ? { missing: listed(diff.missing) } : {});
    t.ok(diff.stale.length === 0, 'no record is stale after the incremental read', diff.stale.length ? { stale: listed(diff.stale) } : {});
    if (diff.unknown.length) t.comment(`stream ${name}: ${diff.unknown.length} key(s) read that the emulator no longer holds (deleted records are not expected to vanish)`);
    t.comment(`stream ${name}: ${changed.length} record(s) changed or added; the incremental read yielded ${incremental.records.length}`);
  });
}

/** One stream's contract: what each of its runs opens the source with. */
interface StreamRun {
  options: SourceContractOptions;
  emulator: SourceEmulatorSession;
  /** The plugin's own state outlives a run, as the store keeps it: the incremental run sees it. */
  state: MemoryPluginState;
  configSchema: JsonSchema | undefined;
  name: string;
}

/** One run's read from `from` (a saved state, or undefined for a first run), on a fresh connection. */
async function readOnce(run: StreamRun, from: unknown, validate: ValidateFunction | undefined, held: number): Promise<StreamRead> {
  const found = await openStream(run);
  if (typeof found === 'string') return { records: [], state: undefined, batches: 0, problems: [found] };
  try {
    return await readStream(found.stream, { state: from, batchSize: BATCH_SIZE, fullRefresh: false }, found.ctx, validate, Math.max(1000, held * 20));
  } finally {
    await found.connection.close?.();
  }
}

/** Opens the source as a run would and finds the stream; a string says why it could not. */
async function openStream({ options, emulator, state, name, configSchema }: StreamRun) {
  const ctx = contextWithSecrets([emulator.config], configSchema, state);
  let connection: SourceConnection;
  try {
    if (!options.plugin.source) return 'the plugin exports no source';
    connection = await options.plugin.source.open(emulator.config, ctx);
  } catch (error) {
    return `open() failed: ${ctx.redactor.text(messageOf(error))}`;
  }
  try {
    const streams = await connection.streams();
    const stream = streams.find((s) => s.spec.name === name);
    if (stream) return { connection, stream, ctx };
    await connection.close?.();
    return `the source offers no stream "${name}" (it offers: ${streams.map((s) => s.spec.name).join(', ') || 'none'})`;
  } catch (error) {
    await connection.close?.().catch(() => undefined);
    return `streams() failed: ${ctx.redactor.text(messageOf(error))}`;
  }
}

/** A few keys, then how many more: a failure names its records without flooding the output. */
function listed(keys: string[]): string {
  return keys.slice(0, 10).join(', ') + (keys.length > 10 ? ` (and ${keys.length - 10} more)` : '');
}
