import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { createPlugin, SDK_RANGE } from '../src/create-plugin.js';
import { repoRoot } from './helpers/work-dir.js';

t.test('outside a datong workspace a plugin depends on the published SDK and carries its own tsconfig base', async (t) => {
  const work = await mkdtemp(join(tmpdir(), 'datong-create-plugin-'));
  t.teardown(() => rm(work, { recursive: true, force: true }));
  const created = await createPlugin({ name: 'acme', kind: 'source', cwd: work });
  t.equal(created.dir, join(work, 'acme'), 'the default folder is ./<name>');
  t.equal(created.workspace, undefined);
  const pkg = JSON.parse(await readFile(join(created.dir, 'package.json'), 'utf8'));
  t.equal(pkg.dependencies['@datong/sdk'], SDK_RANGE);
  t.equal(JSON.parse(await readFile(join(created.dir, 'tsconfig.json'), 'utf8')).extends, './tsconfig.base.json');
  t.ok(existsSync(join(created.dir, 'tsconfig.base.json')), 'the base is in the package');
  t.equal(JSON.parse(await readFile(join(created.dir, 'plugin.json'), 'utf8')).$schema, 'https://datong.dev/schemas/plugin-manifest.schema.json');
});

t.test('the published SDK range follows the SDK version', async (t) => {
  const sdk = JSON.parse(await readFile(join(repoRoot, 'packages/sdk/package.json'), 'utf8'));
  t.equal(SDK_RANGE, `^${sdk.version}`, 'bump SDK_RANGE in src/create-plugin.ts with the SDK');
});
