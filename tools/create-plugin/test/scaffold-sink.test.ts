import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { loadPlugin } from '@datong/core';
import { testContext } from '@datong/sdk/testing';
import t from 'tap';
import { assertBuilds, assertNoPlaceholders, assertOwnTestsPass, scaffold } from './helpers/scaffold-checks.js';
import { link } from './helpers/work-dir.js';

t.test('a scaffolded sink builds, passes the contract kit, and the engine loads it by name', async (t) => {
  const created = await scaffold(t, '@acme/datong-plugin-ledger', 'sink');
  t.equal(created.name.short, 'ledger', 'the short name comes from the scoped package name');
  for (const file of ['package.json', 'plugin.json', 'contracts/config.schema.json', 'contracts/items.schema.json', 'src/index.ts',
    'src/client.ts', 'src/sinks/items-sink.ts', 'emulator/index.ts', 'test/contract.test.ts', 'README.md', 'tsconfig.json', '.taprc']) {
    t.ok(created.files.includes(file), `has ${file}`);
  }
  await assertNoPlaceholders(t, created);
  await assertBuilds(t, created.dir);
  const output = await assertOwnTestsPass(t, created.dir);
  t.match(output, /ledger sink contract/, 'the contract ran');

  const project = join(created.work, 'project');
  await link(project, '@acme/datong-plugin-ledger', created.dir);
  const loaded = await loadPlugin('@acme/datong-plugin-ledger', project, { file: join(project, 'pipeline.yaml') });
  t.same(loaded.manifest.provides, ['sink']);
  t.same(loaded.manifest.sink?.supports, { upsert: true, delete: true, readBack: true });

  // The built code, as the engine runs it, writes to the built emulator (found as `datong emulate` finds it) and reads the write back.
  const module = await loaded.emulator();
  t.equal(module?.platform, 'ledger', 'the ./emulator export is an EmulatorModule');
  const emulator = await module!.startEmulator({ seed: 11 });
  t.teardown(() => emulator.close());
  const ctx = testContext();
  const connection = await loaded.plugin.sink!.open({ apiKey: emulator.credentials.apiKey, baseUrl: emulator.url }, ctx);
  await connection.check?.();
  const schema = JSON.parse(await readFile(join(created.dir, 'contracts/items.schema.json'), 'utf8')) as Record<string, unknown>;
  const items = await connection.object({ name: 'items', schema, key: ['id'] });
  const record = { id: 'SKU-9', name: '紫砂壶', price: '680.00', currency: 'CNY' };
  const results = await items.write([{ key: 'SKU-9', record }], ctx);
  t.ok(results?.[0]?.sinkId, 'the platform id comes back');
  t.same((await items.readBack!(['SKU-9'])).get('SKU-9'), record, 'read back as written');
});
