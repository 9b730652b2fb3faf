import type { Plugin, SinkObject, SinkObjectSpec, SinkWrite } from '../plugin.js';
import { checkBadConfig, checkBadCredentials, checkPasses, contextWithSecrets, messageOf } from './config-checks.js';
import type { ContractTest } from './contract-test.js';
import { withEmulator } from './emulator-session.js';
import { checkManifest, type LoadedManifest } from './manifest-check.js';
import { readOnlyChecks } from './read-only-checks.js';
import { sinkObjectChecks } from './sink-object-checks.js';

/** What a sink's emulator, started fresh by `start()`, offers the contract. */
export interface SinkEmulatorSession {
  /** A config that reaches the emulator with good credentials. */
  config: Record<string, unknown>;
  /** The same config with credentials the emulator refuses. */
  badCredentials: Record<string, unknown>;
  close(): Promise<void>;
  /**
   * Optional: how many records the emulator holds in an object. Read-back answers one record per
   * key whatever the platform holds; this count is what shows a second upsert that created a copy.
   */
  count?(object: string): Promise<number>;
  /**
   * Optional: everything the emulated platform holds, as plain data: its records and what holds
   * them (CRM properties, tables, files), e.g. the emulator's dump. The read-only check compares it
   * before and after opening each object read-only; without it, `count()` is compared, which
   * cannot see a property or a table created.
   */
  snapshot?(): Promise<unknown>;
}

export interface SinkContractOptions {
  /** The plugin package folder (holds plugin.json and package.json). */
  packageDir: string;
  plugin: Plugin;
  /** Starts a fresh emulator (once for the checks, once per object). */
  start(): Promise<SinkEmulatorSession>;
  /** A config that must be refused, with a pattern its message must match. */
  badConfig: { config: Record<string, unknown>; message: RegExp };
  /** Each object to write, with at least three records and `changed`, a new version of records[0]. */
  objects: { spec: SinkObjectSpec; records: SinkWrite[]; changed: SinkWrite }[];
}

/**
 * The contract every sink plugin passes, as named tap subtests: the manifest, a bad config,
 * check() with good and bad credentials, and for each object: an upsert done twice leaves one
 * record, read-back returns before-images, scan lists every key written with read-back's record
 * (when the object can scan), and delete removes (when the object can delete). Last, on a fresh
 * emulator, each object opened read-only (as a dry run opens it) finds nothing, refuses to write
 * and leaves the platform unchanged, where the session's `snapshot()` or `count()` can tell.
 *
 * @example
 *   t.test('contract', (t) => sinkContract(t, {
 *     packageDir, plugin, badConfig: { config: {}, message: /accessToken/ },
 *     start: async () => { ... }, objects: [{ spec: contacts, records, changed }],
 *   }));
 */
export async function sinkContract(t: ContractTest, options: SinkContractOptions): Promise<void> {
  const loaded = await checkManifest(t, options.packageDir, 'sink', options.plugin);
  const sink = options.plugin.sink;
  await checkBadConfig(t, sink, loaded.configSchema, options.badConfig);
  await withEmulator(t, options.start, 'for check()', async (emulator) => {
    await checkPasses(t, sink, emulator.config, loaded.configSchema);
    await checkBadCredentials(t, sink, emulator.config, emulator.badCredentials, loaded.configSchema);
  });
  for (const entry of options.objects) {
    await withEmulator(t, options.start, `for object ${entry.spec.name}`, (emulator) => objectContract(t, entry, options, loaded, emulator));
  }
  await readOnlyChecks(t, options, loaded.configSchema);
}

async function objectContract(t: ContractTest, entry: SinkContractOptions['objects'][number], options: SinkContractOptions, loaded: LoadedManifest, emulator: SinkEmulatorSession): Promise<void> {
  const name = entry.spec.name;
  const ctx = contextWithSecrets([emulator.config], loaded.configSchema);
  let opened: { close?(): Promise<void> } | undefined;
  let object: SinkObject | undefined;
  let failure: string | undefined;
  try {
    if (!options.plugin.sink) throw new Error('the plugin exports no sink');
    const connection = await options.plugin.sink.open(emulator.config, ctx);
    opened = connection;
    object = await connection.object(entry.spec);
  } catch (error) {
    failure = `opening object "${name}" failed: ${ctx.redactor.text(messageOf(error))}`;
  }
  try {
    if (!object) return void (await t.test(`object ${name}: an upsert done twice leaves one record`, async (t) => void t.fail(failure ?? 'the object could not be opened')));
    const declared = loaded.part?.objects;
    const problems: string[] = [];
    if (declared && !declared.some((o) => o.name === name)) problems.push(`object "${name}" is not among the objects plugin.json declares (${declared.map((o) => o.name).join(', ')})`);
    if (entry.records.length < 3) problems.push(`the contract needs at least 3 records for object "${name}", got ${entry.records.length}`);
    if (entry.changed.key !== entry.records[0]?.key) problems.push(`"changed" must be a new version of records[0] (key ${entry.records[0]?.key}), not key ${entry.changed.key}`);
    await sinkObjectChecks(t, { object, entry, ctx, emulator, supports: loaded.part?.supports ?? {}, problems });
  } finally {
    await opened?.close?.();
  }
}
