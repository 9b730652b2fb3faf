import t from 'tap';
import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import plugin from '../src/index.js';

const here = new URL('..', import.meta.url);
const json = (path: string) => JSON.parse(readFileSync(new URL(path, here), 'utf8')) as Record<string, unknown>;
const ajv = new Ajv2020({ allErrors: true, strict: false });

t.test('plugin.json validates against the shared manifest schema and names this package', async (t) => {
  const validate = ajv.compile(json('../../schemas/plugin-manifest.schema.json'));
  const manifest = json('plugin.json');
  t.ok(validate(manifest), JSON.stringify(validate.errors));
  const pkg = json('package.json');
  t.equal(manifest.name, pkg.name);
  t.equal(manifest.version, pkg.version);
  t.same(manifest.provides, ['source', 'sink']);
  t.ok(plugin.source !== undefined && plugin.sink !== undefined, 'the code provides what the manifest says');
});

t.test('the config contracts accept the documented examples and reject mistakes', async (t) => {
  const source = ajv.compile(json('contracts/source-config.schema.json'));
  const sink = ajv.compile(json('contracts/sink-config.schema.json'));
  t.ok(
    source({
      streams: {
        orders: {
          path: 'exports/orders.csv',
          format: 'csv',
          encoding: 'auto',
          delimiter: ',',
          columns: { 订单编号: 'order_no', 下单时间: 'created_at' },
          key: ['order_no'],
          cursorField: 'updated_at',
          incremental: 'cursor',
          schema: 'contracts/orders-export.schema.json',
        },
        sheet: { path: 'exports/orders.xlsx', sheet: 'Orders', key: ['id'], schema: { type: 'object' } },
      },
    }),
    JSON.stringify(source.errors),
  );
  t.notOk(source({ streams: { orders: { path: 'a.csv' } } }), 'key is required');
  t.notOk(source({ streams: { orders: { path: 'a.csv', key: ['id'], encoding: 'latin1' } } }), 'unknown encodings are refused');
  t.ok(sink({ dir: 'out/', format: 'xlsx', encoding: 'utf8-bom' }), JSON.stringify(sink.errors));
  t.notOk(sink({ dir: 'out/', format: 'parquet' }));
});

t.test('every property in the contracts is described', async (t) => {
  const undocumented: string[] = [];
  const walk = (node: unknown, path: string): void => {
    if (node === null || typeof node !== 'object') return;
    const properties = (node as { properties?: Record<string, unknown> }).properties;
    for (const [name, child] of Object.entries(properties ?? {})) {
      if (typeof (child as { description?: unknown }).description !== 'string') undocumented.push(`${path}/${name}`);
    }
    for (const [key, child] of Object.entries(node)) walk(child, `${path}/${key}`);
  };
  for (const file of ['contracts/source-config.schema.json', 'contracts/sink-config.schema.json']) walk(json(file), file);
  t.same(undocumented, []);
});
