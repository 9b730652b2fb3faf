import { isDeepStrictEqual } from 'node:util';
import { DatongError } from '../errors.js';
import type { JsonSchema } from '../plugin.js';
import { contextWithSecrets, messageOf } from './config-checks.js';
import type { AssertExtra, ContractTest } from './contract-test.js';
import { withEmulator } from './emulator-session.js';
import type { SinkContractOptions, SinkEmulatorSession } from './sink-contract.js';
import type { TestContext } from './test-context.js';

/** How the check sees the platform: the session's snapshot, else its count of each object. */
interface PlatformState {
  read(): Promise<unknown>;
  /** What to show when the platform changed. */
  describe(before: unknown, after: unknown): AssertExtra;
}

/**
 * The read-only subtests of the sink contract, one per object, on one fresh emulator: an object
 * opened with `readOnly: true` (as a dry run or a reconciliation opens it) reads back and scans
 * none of the records the contract writes, refuses write, delete and merge, and leaves the
 * platform as it found it. "As it found it" is the session's `snapshot()` (records and what holds
 * them: properties, tables, files) or, without one, its `count()` of each object, which cannot see
 * a property or a table created. A session with neither cannot tell: the check is left out, with
 * a comment.
 */
export async function readOnlyChecks(t: ContractTest, options: SinkContractOptions, configSchema: JsonSchema | undefined): Promise<void> {
  await withEmulator(t, options.start, 'for read-only opening', async (emulator) => {
    const state = platformState(emulator, options.objects.map((o) => o.spec.name));
    if (!state) {
      t.comment('read-only opening: the emulator session has no snapshot() and no count(), so whether opening an object read-only changes the platform cannot be seen');
      return;
    }
    for (const entry of options.objects) {
      await t.test(`object ${entry.spec.name}: opened read-only, it changes nothing`, (t) => readOnlyObject(t, options, entry, emulator, state, configSchema));
    }
  });
}

async function readOnlyObject(
  t: ContractTest,
  options: SinkContractOptions,
  entry: SinkContractOptions['objects'][number],
  emulator: SinkEmulatorSession,
  state: PlatformState,
  configSchema: JsonSchema | undefined,
): Promise<void> {
  const ctx = contextWithSecrets([emulator.config], configSchema);
  const before = await state.read();
  try {
    if (!options.plugin.sink) return void t.fail('the plugin exports no sink');
    const connection = await options.plugin.sink.open(emulator.config, ctx);
    try {
      const object = await connection.object({ ...entry.spec, readOnly: true });
      const keys = entry.records.map((r) => r.key);
      if (object.readBack) {
        const back = await object.readBack(keys);
        t.ok(back.size === 0, 'read-back finds none of the records (a fresh platform holds none yet)', back.size ? { found: [...back.keys()].join(', ') } : {});
      }
      if (object.scan) {
        const listed: string[] = [];
        for await (const page of object.scan()) for (const { key } of page) if (keys.includes(key)) listed.push(key);
        t.ok(listed.length === 0, 'scan lists none of them', listed.length ? { listed: listed.join(', ') } : {});
      }
      // Write last: a delete let through afterwards would erase what it wrote, and with it the evidence.
      if (object.delete) await refused(t, ctx, 'delete()', () => object.delete!(keys));
      const [survivor, absorbed] = keys;
      if (object.merge && survivor !== undefined && absorbed !== undefined) await refused(t, ctx, 'merge()', () => object.merge!(survivor, absorbed));
      await refused(t, ctx, 'write()', () => object.write(entry.records, ctx));
    } finally {
      await connection.close?.();
    }
  } catch (error) {
    const code = error instanceof DatongError ? ` [${error.code}]` : '';
    t.fail(`the sink threw: ${ctx.redactor.text(messageOf(error))}${code}`);
  }
  const after = await state.read();
  const same = isDeepStrictEqual(before, after);
  t.ok(same, 'the platform is as it was: opening, reading and the refused calls changed nothing', same ? {} : state.describe(before, after));
}

/** A call an object opened read-only must refuse, by throwing, before it changes anything. */
async function refused(t: ContractTest, ctx: TestContext, call: string, fn: () => Promise<unknown>): Promise<void> {
  try {
    await fn();
  } catch (error) {
    return void t.pass(`${call} is refused (${ctx.redactor.text(messageOf(error))})`);
  }
  t.fail(`${call} on an object opened read-only went through: it must throw, and write nothing`);
}

function platformState(emulator: SinkEmulatorSession, objects: string[]): PlatformState | undefined {
  const { snapshot, count } = emulator;
  if (snapshot) {
    return { read: () => snapshot.call(emulator), describe: (before, after) => ({ changed: changedParts(before, after) }) };
  }
  if (count) {
    const read = async () => Object.fromEntries(await Promise.all(objects.map(async (o) => [o, await count.call(emulator, o)] as const)));
    return { read, describe: (before, after) => ({ found: after, wanted: before }) };
  }
  return undefined;
}

/** The top-level parts of a snapshot that differ (e.g. `properties`), rather than two whole dumps. */
function changedParts(before: unknown, after: unknown): string {
  if (!isRecord(before) || !isRecord(after)) return 'the whole snapshot';
  const parts = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...parts].filter((part) => !isDeepStrictEqual(before[part], after[part])).join(', ');
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
