import { join } from 'node:path';
import { loadPlugin } from '@datong/core';
import type { SourceBatch } from '@datong/sdk';
import type { RunningEmulator } from '@datong/sdk/emulator';
import { testContext } from '@datong/sdk/testing';
import t from 'tap';
import { assertBuilds, assertNoPlaceholders, assertOwnTestsPass, scaffold } from './helpers/scaffold-checks.js';
import { link } from './helpers/work-dir.js';

t.test('a scaffolded source builds, passes the contract kit, and the engine loads it by name', async (t) => {
  const created = await scaffold(t, 'acme-shop', 'source');
  t.equal(created.name.packageName, '@datong/plugin-acme-shop');
  for (const file of ['package.json', 'plugin.json', 'contracts/config.schema.json', 'contracts/items.schema.json', 'src/index.ts',
    'src/client.ts', 'src/streams/items-stream.ts', 'emulator/index.ts', 'test/contract.test.ts', 'README.md', 'tsconfig.json', '.taprc']) {
    t.ok(created.files.includes(file), `has ${file}`);
  }
  await assertNoPlaceholders(t, created);
  await assertBuilds(t, created.dir);
  const output = await assertOwnTestsPass(t, created.dir);
  t.match(output, /acme-shop source contract/, 'the contract ran');

  // The engine finds the package by name from a pipeline's folder, validates its manifest, loads it.
  const project = join(created.work, 'project');
  await link(project, '@datong/plugin-acme-shop', created.dir);
  const loaded = await loadPlugin('@datong/plugin-acme-shop', project, { file: join(project, 'pipeline.yaml') });
  t.same(loaded.manifest.provides, ['source']);
  t.equal((loaded.configSchema('source')?.properties as any)?.apiKey?.['x-secret'], true, 'apiKey is marked secret');

  // The built code, as the engine runs it, reads every item from the built emulator, found the way `datong emulate` finds it.
  const module = await loaded.emulator();
  t.equal(module?.platform, 'acme-shop', 'the ./emulator export is an EmulatorModule');
  const emulator = (await module!.startEmulator({ seed: 11 })) as RunningEmulator & { items: { all(): { updated_at: string }[] } };
  t.teardown(() => emulator.close());
  const ctx = testContext();
  const connection = await loaded.plugin.source!.open({ apiKey: emulator.credentials.apiKey, baseUrl: emulator.url }, ctx);
  await connection.check?.();
  const [stream] = await connection.streams();
  const batches: SourceBatch[] = [];
  for await (const batch of stream!.read({ state: undefined, batchSize: 25, fullRefresh: false }, ctx)) batches.push(batch);
  t.equal(batches.flatMap((b) => b.items).length, emulator.items.all().length, 'every item the emulator holds');
  t.same(batches.at(-1)?.state, { updatedSince: emulator.items.all().at(-1)?.updated_at }, 'the final state is the newest change');
});
