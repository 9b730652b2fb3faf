import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import t from 'tap';
import { createPlugin } from '../src/create-plugin.js';
import { workDir } from './helpers/work-dir.js';

t.test('an existing folder with files in it is refused, and left as it was', async (t) => {
  const work = await workDir(t, 'refuse');
  const dir = join(work, 'acme');
  await mkdir(dir);
  await writeFile(join(dir, 'notes.md'), 'mine');
  await t.rejects(createPlugin({ name: 'acme', kind: 'source', dir, cwd: work }), {
    name: 'CreatePluginError',
    message: /acme already exists and is not empty: choose another name or --dir; nothing was written/,
  });
  t.same(await readdir(dir), ['notes.md'], 'nothing added');
  t.equal(await readFile(join(dir, 'notes.md'), 'utf8'), 'mine', 'nothing overwritten');
  t.same((await readdir(work)).sort(), ['acme'], 'no staging folder left behind');
});

t.test('a file where the folder would go is refused', async (t) => {
  const work = await workDir(t, 'refuse');
  await writeFile(join(work, 'acme'), '');
  await t.rejects(createPlugin({ name: 'acme', kind: 'sink', dir: join(work, 'acme'), cwd: work }), { message: /exists and is not a folder/ });
});

t.test('an empty folder is filled', async (t) => {
  const work = await workDir(t, 'refuse');
  await mkdir(join(work, 'acme'));
  const created = await createPlugin({ name: 'acme', kind: 'sink', dir: join(work, 'acme'), cwd: work });
  t.ok(created.files.includes('plugin.json'));
  t.ok((await readdir(join(work, 'acme'))).includes('plugin.json'));
});

t.test('an unknown kind is refused before anything is written', async (t) => {
  const work = await workDir(t, 'refuse');
  await t.rejects(createPlugin({ name: 'acme', kind: 'transform', dir: join(work, 'acme'), cwd: work }), {
    message: '--kind must be one of source, sink (got "transform")',
  });
  await t.rejects(createPlugin({ name: 'Acme', kind: 'source', dir: join(work, 'acme'), cwd: work }), { message: /Did you mean "acme"/ });
  t.same(await readdir(work), [], 'nothing written');
});
