import { readFile } from 'node:fs/promises';
import { ConfigError, describeAjvErrors } from '@datong/sdk';
import { testContext } from '@datong/sdk/testing';
import { Ajv2020 } from 'ajv/dist/2020.js';
import t from 'tap';
import plugin from '../src/index.js';
import { failureOf } from './helpers/rest.js';

const schema = JSON.parse(await readFile(new URL('../contracts/source-config.schema.json', import.meta.url), 'utf8')) as Record<string, unknown>;
const ajv = new Ajv2020({ allErrors: true, strict: false, validateFormats: false });
const validate = ajv.compile(schema);

/** What the config schema says about a config, as the engine prints it ('' when valid). */
function refusal(config: unknown): string {
  return validate(config) ? '' : describeAjvErrors(validate.errors);
}

const stream = { name: 'orders', path: '/api/v2/orders', key: ['order_no'] };
const good = { baseUrl: 'https://shop.example.com', auth: { type: 'bearer', token: 'x' }, streams: [stream] };

t.test('a minimal config is valid', async (t) => {
  t.equal(refusal(good), '');
  t.equal(refusal({ baseUrl: 'https://shop.example.com', streams: [stream] }), '', 'auth is optional (none)');
});

t.test('the config schema refuses bad configs with messages that name the field', async (t) => {
  const cases: [string, unknown, RegExp][] = [
    ['a stream without path', { ...good, streams: [{ name: 'orders', key: ['id'] }] }, /\/streams\/0 is missing required field "path"/],
    ['a stream without key', { ...good, streams: [{ name: 'orders', path: '/x' }] }, /\/streams\/0 is missing required field "key"/],
    ['an unknown pagination type', { ...good, streams: [{ ...stream, pagination: { type: 'pages' } }] }, /\/streams\/0\/pagination\/type must be one of "none", "page", "offset", "cursor", "link", "nextUrl"/],
    ['cursor pagination without from', { ...good, streams: [{ ...stream, pagination: { type: 'cursor', param: 'cursor' } }] }, /\/streams\/0\/pagination is missing required field "from"/],
    ['nextUrl pagination without from', { ...good, streams: [{ ...stream, pagination: { type: 'nextUrl' } }] }, /\/streams\/0\/pagination is missing required field "from"/],
    ['bearer auth without its token', { ...good, auth: { type: 'bearer' } }, /\/auth is missing required field "token"/],
    ['basic auth without its password', { ...good, auth: { type: 'basic', username: 'u' } }, /\/auth is missing required field "password"/],
    ['apiKey auth without its value', { ...good, auth: { type: 'apiKey', name: 'X-Api-Key' } }, /\/auth is missing required field "value"/],
    ['hmac auth without its secret', { ...good, auth: { type: 'hmac' } }, /\/auth is missing required field "secret"/],
    ['an unknown auth type', { ...good, auth: { type: 'oauth', token: 'x' } }, /\/auth\/type must be one of "none", "bearer", "basic", "apiKey", "hmac"/],
    ['a misspelt field', { ...good, streams: [{ ...stream, recordpath: 'data' }] }, /\/streams\/0 has unknown field "recordpath"/],
    ['no streams', { ...good, streams: [] }, /\/streams must NOT have fewer than 1 items/],
    ['a base URL without scheme', { ...good, baseUrl: 'shop.example.com' }, /\/baseUrl must match pattern/],
    ['a cursor without its param', { ...good, streams: [{ ...stream, cursor: { field: 'updated_at' } }] }, /\/streams\/0\/cursor is missing required field "param"/],
    ['a status meaning outside the canonical values', { ...good, streams: [{ ...stream, statusMap: { field: 'state', values: { paid: { payment_status: 'settled' } } } }] }, /payment_status must be one of/],
  ];
  for (const [what, config, message] of cases) t.match(refusal(config), message, what);
});

t.test('secrets are marked x-secret, so the engine takes them from the environment only', async (t) => {
  const auth = (schema.$defs as Record<string, { properties: Record<string, Record<string, unknown>> }>).auth!.properties;
  for (const field of ['token', 'password', 'value', 'secret']) t.equal(auth[field]!['x-secret'], true, field);
  for (const field of ['type', 'username', 'name', 'keyId']) t.notOk(auth[field]!['x-secret'], `${field} is not a secret`);
});

t.test('open() refuses what the schema cannot say, naming the field', async (t) => {
  const open = (config: Record<string, unknown>) => plugin.source!.open(config, testContext({ baseDir: '/nonexistent' }));
  const twice = await failureOf(open({ ...good, streams: [stream, stream] }));
  t.type(twice, ConfigError);
  t.match((twice as Error).message, /\/streams\/1\/name.*a second stream is named "orders"/);
  const noFile = await failureOf(open({ ...good, streams: [{ ...stream, schema: 'contracts/missing.schema.json' }] }));
  t.type(noFile, ConfigError);
  t.match((noFile as Error).message, /\/streams\/0\/schema.*stream "orders": the record schema \/nonexistent\/contracts\/missing\.schema\.json cannot be read/);
  const emptyToken = await failureOf(open({ ...good, auth: { type: 'bearer', token: '' } }));
  t.match((emptyToken as Error).message, /\/auth\/token.*auth type bearer needs token/);
});

t.test('stream specs: key, cursor, and a default schema holding them', async (t) => {
  const connection = await plugin.source!.open({ ...good, streams: [{ ...stream, cursor: { field: 'modified_at', param: 'updated_since' } }] }, testContext());
  const [orders] = await connection.streams();
  t.same(orders!.spec.key, ['order_no']);
  t.equal(orders!.spec.cursorField, 'modified_at');
  t.same(orders!.spec.schema, { type: 'object', required: ['order_no'], properties: { order_no: { type: ['string', 'number'] }, modified_at: {} } });
});

t.test('the manifest declares a source whose streams come from the config', async (t) => {
  const manifest = JSON.parse(await readFile(new URL('../plugin.json', import.meta.url), 'utf8')) as { provides: string[]; source: { streams?: unknown; config: string } };
  t.same(manifest.provides, ['source']);
  t.equal(manifest.source.streams, undefined);
  t.equal(manifest.source.config, 'contracts/source-config.schema.json');
});
