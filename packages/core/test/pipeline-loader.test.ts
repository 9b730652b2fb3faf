import t from 'tap';
import { fileURLToPath } from 'node:url';
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '@datong/sdk';
import { loadPipeline } from '../src/pipeline-loader.js';

const fixture = (name: string) => fileURLToPath(new URL(`fixtures/${name}`, import.meta.url));

t.test('a typo in a key names the file, line, column and pointer, and suggests the key', async (t) => {
  const error = await loadPipeline(fixture('typo.yaml')).catch((e: unknown) => e);
  t.type(error, ConfigError);
  const [problem] = (error as ConfigError).problems;
  t.match(problem, { file: /typo\.yaml$/, line: 14, column: 5, pointer: '/stages/0/batchSzie' });
  t.match(problem!.message, 'did you mean "batchSize"?');
});

t.test('every problem is reported at once, each where it is', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'datong-load-'));
  const file = join(dir, 'p.json');
  writeFileSync(file, JSON.stringify({ name: 'Bad Name', sources: {}, sinks: { w: { plugin: 'x' } }, stages: [{ name: 's', from: 'nodot', to: 'w.t' }] }, null, 2));
  const error = (await loadPipeline(file).catch((e: unknown) => e)) as ConfigError;
  t.type(error, ConfigError, 'JSON pipelines are checked the same way');
  const pointers = error.problems.map((p) => p.pointer).sort();
  t.same(pointers, ['/name', '/sources', '/stages/0/from']);
  t.ok(error.problems.every((p) => typeof p.line === 'number'), 'each has a line');
  t.match(error.message, /p\.json:2:\d+ \(\/name\)/);
});

t.test('broken YAML is reported with its position', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'datong-load-'));
  const file = join(dir, 'p.yaml');
  writeFileSync(file, 'name: x\nsources:\n  a: [unclosed\n');
  const error = (await loadPipeline(file).catch((e: unknown) => e)) as ConfigError;
  t.type(error, ConfigError);
  t.match(error.problems[0], { file, line: Number });
});

t.test('a missing file is a config error naming it', async (t) => {
  await t.rejects(loadPipeline('/nonexistent/pipeline.yaml'), { code: 'CONFIG_INVALID', message: /nonexistent\/pipeline\.yaml/ });
});

t.test('a stage map may live in a mapping file; its problems are reported in that file', async (t) => {
  const dir = t.testdir({
    'p.yaml': 'name: p\nsources: { s: { plugin: x } }\nsinks: { w: { plugin: y } }\nstages:\n  - name: a\n    from: s.r\n    to: w.t\n    key: [id]\n    map: mappings/a.yaml\n',
    mappings: { 'a.yaml': '# customer to contact\nid: customer_id\nemail: { from: mail, defualt: none }\n' },
  });
  const error = (await loadPipeline(join(dir, 'p.yaml')).catch((e: unknown) => e)) as ConfigError;
  t.type(error, ConfigError);
  t.match(error.problems[0], { file: /mappings\/a\.yaml$/, line: 3, pointer: '/stages/0/map/email/defualt' }, 'the typo is placed in the mapping file');

  const good = t.testdir({
    'p.yaml': 'name: p\nsources: { s: { plugin: x } }\nsinks: { w: { plugin: y } }\nstages:\n  - { name: a, from: s.r, to: w.t, key: [id], map: m.yaml }\n',
    'm.yaml': 'id: customer_id\nemail: { from: mail, default: none }\n',
  });
  const loaded = await loadPipeline(join(good, 'p.yaml'));
  t.same(loaded.spec.stages[0]!.map, { id: 'customer_id', email: { from: 'mail', default: 'none' } }, 'the file content takes the map\'s place');
  t.match(loaded.locate('/stages/0/map/email'), { file: /m\.yaml$/, line: 2 });

  writeFileSync(join(good, 'q.yaml'), 'name: q\nsources: { s: { plugin: x } }\nsinks: { w: { plugin: y } }\nstages:\n  - { name: a, from: s.r, to: w.t, key: [id], map: nope.yaml }\n');
  const absent = (await loadPipeline(join(good, 'q.yaml')).catch((e: unknown) => e)) as ConfigError;
  t.match(absent.problems[0], { file: /q\.yaml$/, line: 5, message: /cannot read the mapping file nope\.yaml: ENOENT/ });
});
