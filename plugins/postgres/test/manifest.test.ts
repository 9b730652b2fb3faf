import { readFile } from 'node:fs/promises';
import { Ajv2020 } from 'ajv/dist/2020.js';
import t from 'tap';
import plugin from '../src/index.js';

const here = new URL('../', import.meta.url);
const readJson = async (path: string) => JSON.parse(await readFile(new URL(path, here), 'utf8')) as Record<string, any>;

t.test('plugin.json validates against the manifest schema and names real contracts', async (t) => {
  const manifest = await readJson('plugin.json');
  const ajv = new Ajv2020({ allErrors: true, strict: true });
  const validate = ajv.compile(await readJson('../../schemas/plugin-manifest.schema.json'));
  t.ok(validate(manifest), JSON.stringify(validate.errors));
  const pkg = await readJson('package.json');
  t.equal(manifest.name, pkg.name);
  t.equal(manifest.version, pkg.version);
  t.same(manifest.provides, ['source', 'sink']);
  t.same(manifest.sink.supports, { upsert: true, delete: true, readBack: true });
  t.same(manifest.source.supports, { incremental: true });

  const configs = new Ajv2020({ strict: true });
  configs.addKeyword({ keyword: 'x-secret' });
  for (const part of ['source', 'sink']) {
    const schema = await readJson(manifest[part].config);
    t.doesNotThrow(() => configs.compile(schema), `${part} config is a valid JSON Schema`);
    t.equal(schema.properties.url['x-secret'], true, `${part} url is marked secret`);
  }
});

t.test('the default export provides what the manifest declares', async (t) => {
  t.type(plugin.source?.open, 'function');
  t.type(plugin.sink?.open, 'function');
});
