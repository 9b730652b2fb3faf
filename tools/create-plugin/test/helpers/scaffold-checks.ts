import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Test } from 'tap';
import { createPlugin, type CreatedPlugin, type PluginKind } from '../../src/create-plugin.js';
import { pluginName } from '../../src/plugin-name.js';
import { run } from './run.js';
import { link, repoRoot, workDir } from './work-dir.js';

const require = createRequire(import.meta.url);
const tsc = require.resolve('typescript/bin/tsc');

/** A plugin scaffolded under .test-work/<run>/plugins/<name>, its @datong/sdk linked to the repository's. */
export async function scaffold(t: Test, name: string, kind: PluginKind): Promise<CreatedPlugin & { work: string }> {
  const work = await workDir(t, kind);
  const created = await createPlugin({ name, kind, dir: join(work, 'plugins', pluginName(name).short), cwd: work });
  await link(created.dir, '@datong/sdk', join(repoRoot, 'packages/sdk'));
  return { ...created, work };
}

/** Every file of a scaffolded plugin has its placeholders filled. */
export async function assertNoPlaceholders(t: Test, created: CreatedPlugin): Promise<void> {
  const left: string[] = [];
  for (const file of created.files) {
    const text = await readFile(join(created.dir, file), 'utf8');
    for (const match of text.matchAll(/__[A-Z][A-Z0-9_]*__/g)) left.push(`${file}: ${match[0]}`);
  }
  t.same(left, [], 'no __PLACEHOLDER__ is left in any file');
}

/**
 * `tsc -p tsconfig.json` (the package's build) succeeds, and so does `tsconfig.check.json` (the
 * tests type-checked with the code), compiled into .test-build/ so the tests can run on plain Node.
 */
export async function assertBuilds(t: Test, dir: string): Promise<void> {
  const build = await run(process.execPath, [tsc, '-p', 'tsconfig.json'], { cwd: dir });
  t.equal(build.code, 0, 'the build succeeds', { output: build.stdout + build.stderr });
  t.ok(existsSync(join(dir, 'dist/src/index.js')), 'dist/src/index.js, the package entry, is built');
  t.ok(existsSync(join(dir, 'dist/emulator/index.js')), 'dist/emulator/index.js, the emulator entry, is built');
  const check = await run(process.execPath, [tsc, '-p', 'tsconfig.check.json', '--noEmit', 'false', '--outDir', '.test-build'], { cwd: dir });
  t.equal(check.code, 0, 'the tests type-check with the code', { output: check.stdout + check.stderr });
}

/**
 * The plugin's own tests (the contract kit against its emulator, and the rest) pass. They run
 * compiled, each file on Node as tap allows, which spares a TypeScript loader per file.
 */
export async function assertOwnTestsPass(t: Test, dir: string): Promise<string> {
  const files = (await readdir(join(dir, '.test-build/test'))).filter((f) => f.endsWith('.test.js')).sort();
  t.ok(files.includes('contract.test.js'), 'the contract test is among them');
  const runs = await Promise.all(files.map((file) => run(process.execPath, [join('.test-build/test', file)], { cwd: dir })));
  files.forEach((file, i) => {
    const { code, stdout, stderr } = runs[i]!;
    t.equal(code, 0, `test/${file.replace(/\.js$/, '.ts')} passes`, { output: tail(stdout) + tail(stderr) });
    t.notMatch(stdout, /^\s*not ok /m, `test/${file.replace(/\.js$/, '.ts')}: no failing assertion`);
  });
  return runs.map((r) => r.stdout).join('\n');
}

function tail(text: string): string {
  return text.length > 6000 ? `…${text.slice(-6000)}` : text;
}
