import { ConfigError } from '@datong/sdk';
import { testContext } from '@datong/sdk/testing';
import t from 'tap';
import { CUSTOMERS_ENTRY_ID } from '../emulator/index.js';
import plugin from '../src/index.js';
import { config, customers, customerSpec, jiandaoyun, open } from './helpers/fixtures.js';

t.test('without fields, labels map to widget ids and the block to pin is logged', async (t) => {
  const emulator = await jiandaoyun();
  t.teardown(() => emulator.close());
  const { ctx, object } = await open(emulator, customerSpec);
  const info = ctx.messages.find((m) => m.level === 'info' && /fields:/.test(m.message));
  t.match(info?.message, /"客户名称": _widget_1432728651402/, 'the YAML fields block');
  const [one] = customers(1);
  await object.write([{ key: one!.key, record: { ...one!.record, 备注: 'no such widget' } }], ctx);
  await object.write(customers(2), ctx);
  const warned = ctx.messages.filter((m) => m.level === 'warn' && /备注/.test(m.message));
  t.equal(warned.length, 1, 'a field without a widget is skipped with one warning');
  t.equal(emulator.byKey('customers', 'cust-1')?.客户名称, '客户 1', 'the rest written');
});

t.test('pinned fields survive a renamed label; a pinned id the form lacks is a config error naming it', async (t) => {
  const emulator = await jiandaoyun();
  t.teardown(() => emulator.close());
  const form = emulator.store.forms.get(CUSTOMERS_ENTRY_ID)!;
  form.widgets.find((w) => w.name === '_widget_1432728651402')!.label = '客户全称';
  const forms = emulator.formsConfig();
  const pinned = { ...forms, customers: { ...forms.customers, fields: { 客户名称: '_widget_1432728651402' } } };
  const { ctx, object } = await open(emulator, customerSpec, { forms: pinned });
  t.ok(ctx.messages.some((m) => m.level === 'warn' && /客户全称/.test(m.message)), 'warned of the rename');
  await object.write(customers(1), ctx);
  t.equal(emulator.byKey('customers', 'cust-1')?.客户全称, '客户 1', 'written by id');
  t.same((await object.readBack!(['cust-1'])).get('cust-1')?.客户名称, '客户 1', 'read back under the pinned name');

  const missing = { ...forms, customers: { ...forms.customers, fields: { 客户名称: '_widget_1999999999999' } } };
  const connection = await plugin.sink!.open(config(emulator, { forms: missing }), testContext());
  const error = await connection.object(customerSpec).then(() => undefined, (e: unknown) => e);
  t.ok(error instanceof ConfigError);
  t.match(String((error as Error).message), /\/forms\/customers\/fields\/客户名称.*_widget_1999999999999/);
});

t.test('a form without the key widget is a config error', async (t) => {
  const emulator = await jiandaoyun();
  t.teardown(() => emulator.close());
  const forms = emulator.formsConfig();
  const connection = await plugin.sink!.open(config(emulator, { forms: { ...forms, customers: { ...forms.customers, keyField: 'identity_id' } } }), testContext());
  const error = await connection.object(customerSpec).then(() => undefined, (e: unknown) => e);
  t.ok(error instanceof ConfigError);
  t.match(String((error as Error).message), /no widget labelled "identity_id"/);
});
