import type { PluginPart } from '@datong/schemas';
import { DatongError } from '../errors.js';
import type { DataRecord, SinkObject, SinkWrite, SinkWriteResult } from '../plugin.js';
import { messageOf } from './config-checks.js';
import type { ContractTest } from './contract-test.js';
import { differingFields } from './same-content.js';
import type { SinkEmulatorSession } from './sink-contract.js';
import type { TestContext } from './test-context.js';

interface ObjectUnderTest {
  object: SinkObject;
  entry: { records: SinkWrite[]; changed: SinkWrite };
  ctx: TestContext;
  emulator: SinkEmulatorSession;
  supports: NonNullable<PluginPart['supports']>;
  /** Faults in the contract's own inputs, reported in the first subtest. */
  problems: string[];
}

/**
 * The per-object subtests of the sink contract, in order, each building on the last one's writes:
 * upsert, read-back, scan (when the object has one) and delete (when it can delete).
 */
export async function sinkObjectChecks(t: ContractTest, o: ObjectUnderTest): Promise<void> {
  const { object, entry } = o;
  const name = object.spec.name;
  const keys = entry.records.map((r) => r.key);

  await t.test(`object ${name}: an upsert done twice leaves one record`, (t) => guarded(t, o, async () => {
    for (const problem of o.problems) t.fail(problem);
    const first = await object.write(entry.records, o.ctx);
    for (const refusal of refusals(first, entry.records)) t.fail(`first write: ${refusal}`);
    const heldBefore = await o.emulator.count?.(name);
    const second = await object.write(entry.records, o.ctx);
    for (const refusal of refusals(second, entry.records)) t.fail(`second write: ${refusal}`);
    const heldAfter = await o.emulator.count?.(name);

    const firstIds = sinkIds(first);
    const secondIds = sinkIds(second);
    const moved = [...secondIds].filter(([key, id]) => firstIds.has(key) && firstIds.get(key) !== id);
    t.ok(moved.length === 0, 'each key keeps its sink id on the second upsert',
      moved.length ? { duplicated: moved.map(([key, id]) => `${key}: first ${firstIds.get(key)}, then ${id} (a second record was created instead of updating the first)`).join('; ') } : {});
    if (heldBefore !== undefined && heldAfter !== undefined) {
      t.ok(heldAfter === heldBefore, `the emulator holds as many "${name}" records after the second upsert as after the first`, { found: heldAfter, wanted: heldBefore });
    }
    if (object.readBack) {
      await readBackShows(t, o, entry.records, 'after two upserts');
    } else if (firstIds.size === 0 && heldBefore === undefined) {
      t.comment(`object ${name}: no sink ids, no readBack() and no count(): a duplicating upsert cannot be seen`);
    }
  }));

  await t.test(`object ${name}: read-back returns before-images`, (t) => guarded(t, o, async () => {
    if (!object.readBack) {
      if (o.supports.readBack) return void t.fail('plugin.json says the sink supports readBack, but the object has no readBack()');
      return void t.pass('no readBack(): the engine journals its ledger copy as the before-image instead');
    }
    const absent = `datong-contract-absent-${Date.now()}`;
    const none = await object.readBack([absent]);
    t.ok(!none.has(absent), 'a key the sink does not hold has no before-image (the engine treats the write as a creation)');
    await readBackShows(t, o, [entry.records[0]!], 'before the change (the before-image)');
    const result = await object.write([entry.changed], o.ctx);
    for (const refusal of refusals(result, [entry.changed])) t.fail(`writing the change: ${refusal}`);
    await readBackShows(t, o, [entry.changed, ...entry.records.slice(1)], 'after the change');
  }));

  if (object.scan) {
    await t.test(`object ${name}: scan lists what was written`, (t) => guarded(t, o, async () => {
      // Without readBack the before-image check wrote no change: the records stand as first written.
      const current = object.readBack ? [entry.changed, ...entry.records.slice(1)] : entry.records;
      await scanShows(t, o, current);
    }));
  }

  if (!object.delete && !o.supports.delete) return;
  await t.test(`object ${name}: delete removes`, (t) => guarded(t, o, async () => {
    if (!object.delete) return void t.fail('plugin.json says the sink supports delete, but the object has no delete()');
    const gone = entry.records[0]!.key;
    const heldBefore = await o.emulator.count?.(name);
    await object.delete([gone]);
    if (object.readBack) {
      const back = await object.readBack(keys);
      t.ok(!back.has(gone), `read-back no longer finds ${gone}`);
      const lost = keys.slice(1).filter((k) => !back.has(k));
      t.ok(lost.length === 0, 'the other records are still there', lost.length ? { lost: lost.join(', ') } : {});
    }
    const heldAfter = await o.emulator.count?.(name);
    if (heldBefore !== undefined && heldAfter !== undefined) t.ok(heldAfter === heldBefore - 1, 'the emulator holds one record fewer', { found: heldAfter, wanted: heldBefore - 1 });
    if (!object.readBack && heldBefore === undefined) t.comment(`object ${name}: no readBack() and no count(): the deletion cannot be seen`);
    // A rollback redone after a crash deletes again: that must not fail.
    let again: unknown;
    await object.delete([gone]).catch((error: unknown) => (again = error));
    t.ok(again === undefined, 'deleting a key already gone is not an error', again === undefined ? {} : { error: o.ctx.redactor.text(messageOf(again)) });
  }));
}

/** Reads `writes` back and fails for each key missing, unasked-for or holding other content. */
async function readBackShows(t: ContractTest, o: ObjectUnderTest, writes: SinkWrite[], when: string): Promise<void> {
  const back = await o.object.readBack!(writes.map((w) => w.key));
  const asked = new Set(writes.map((w) => w.key));
  const unasked = [...back.keys()].filter((k) => !asked.has(k));
  t.ok(unasked.length === 0, `read-back ${when} answers only the keys asked for`, unasked.length ? { unasked: unasked.join(', ') } : {});
  let wrong = 0;
  for (const write of writes) {
    const found = back.get(write.key);
    if (!found) {
      wrong++;
      t.fail(`read-back ${when} has no record for key ${write.key}`);
      continue;
    }
    const fields = differingFields(write.record, found);
    if (fields.length) {
      wrong++;
      const pick = (r: Record<string, unknown>) => o.ctx.redactor.value(Object.fromEntries(fields.map((f) => [f, r[f]])));
      t.fail(`read-back ${when}: key ${write.key} differs in ${fields.join(', ')}`, { found: pick(found), wanted: pick(write.record) });
    }
  }
  if (wrong === 0) t.pass(`read-back ${when} returns one record per key, as written`);
}

/**
 * Scans the whole object and fails for each written key the scan misses or lists twice, and for
 * each one whose record differs from what read-back gives (or, without readBack, from what was
 * written). Keys the sink held before the contract wrote are fine: an account is rarely empty.
 */
async function scanShows(t: ContractTest, o: ObjectUnderTest, writes: SinkWrite[]): Promise<void> {
  const scanned = new Map<string, DataRecord>();
  const twice = new Set<string>();
  let pages = 0;
  for await (const page of o.object.scan!()) {
    pages++;
    for (const { key, record } of page) {
      if (scanned.has(key)) twice.add(key);
      scanned.set(key, record);
    }
  }
  t.ok(twice.size === 0, 'scan lists each key once', twice.size ? { twice: [...twice].join(', ') } : {});
  const keys = writes.map((w) => w.key);
  const missed = keys.filter((k) => !scanned.has(k));
  t.ok(missed.length === 0, `scan lists every key written (${scanned.size} keys in ${pages} page${pages === 1 ? '' : 's'})`, missed.length ? { missed: missed.join(', ') } : {});

  const expected = o.object.readBack ? await o.object.readBack(keys) : new Map(writes.map((w) => [w.key, w.record]));
  const source = o.object.readBack ? 'read-back' : 'the record written';
  let wrong = 0;
  for (const key of keys) {
    const found = scanned.get(key);
    const wanted = expected.get(key);
    if (!found || !wanted) continue;
    // Both ways: a field scan adds is as wrong as one it lacks (reconcile would call it a hand edit).
    const fields = [...new Set([...differingFields(wanted, found), ...differingFields(found, wanted)])];
    if (fields.length === 0) continue;
    wrong++;
    const pick = (r: DataRecord) => o.ctx.redactor.value(Object.fromEntries(fields.map((f) => [f, r[f]])));
    t.fail(`scan: key ${key} differs from ${source} in ${fields.join(', ')}`, { found: pick(found), wanted: pick(wanted) });
  }
  if (wrong === 0) t.pass(`scan gives each written key the record ${source} gives`);
}

/** Runs a subtest's body, turning a throw into a failure that says which call threw and why. */
async function guarded(t: ContractTest, o: ObjectUnderTest, body: () => Promise<void>): Promise<void> {
  try {
    await body();
  } catch (error) {
    const code = error instanceof DatongError ? ` [${error.code}]` : '';
    t.fail(`the sink threw: ${o.ctx.redactor.text(messageOf(error))}${code}`);
  }
}

/** The failures a write reported per record: a good record must not be refused. */
function refusals(results: SinkWriteResult[] | void, written: SinkWrite[]): string[] {
  const keys = new Set(written.map((w) => w.key));
  const out: string[] = [];
  for (const result of results ?? []) {
    if (!keys.has(result.key)) out.push(`write() answered for key ${result.key}, which was not in the batch`);
    else if (result.error !== undefined) out.push(`write() refused key ${result.key}: ${result.error}`);
  }
  return out;
}

/** The sink ids a write reported, by key. */
function sinkIds(results: SinkWriteResult[] | void): Map<string, string> {
  return new Map((results ?? []).filter((r) => r.sinkId !== undefined).map((r) => [r.key, r.sinkId!]));
}
