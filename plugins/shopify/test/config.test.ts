import { readFileSync } from 'node:fs';
import { ConfigError } from '@datong/sdk';
import { testContext } from '@datong/sdk/testing';
import { Ajv2020 } from 'ajv/dist/2020.js';
import t from 'tap';
import plugin from '../src/index.js';
import { resolveConfig } from '../src/shopify-config.js';

const schema = JSON.parse(readFileSync(new URL('../contracts/source-config.schema.json', import.meta.url), 'utf8')) as Record<string, any>;
const ajv = new Ajv2020({ strict: true, allErrors: true });
ajv.addKeyword({ keyword: 'x-secret' });
const validate = ajv.compile(schema);

t.test('the config schema marks every credential secret but the client id', async (t) => {
  t.same(Object.keys(schema.properties).filter((k) => schema.properties[k]['x-secret']).sort(), ['accessToken', 'clientSecret', 'refreshToken', 'webhookSecret']);
});

t.test('the schema refuses what it can', async (t) => {
  t.ok(validate({ shop: 'acme', accessToken: 'shpat_x' }));
  t.notOk(validate({ shop: 'Acme Shop!', accessToken: 'shpat_x' }), 'a shop name that is no subdomain');
  t.notOk(validate({ shop: 'acme', refreshToken: 'r' }), 'a refresh token without client credentials');
  t.notOk(validate({ shop: 'acme', accessToken: 'x', pageSize: 251 }), 'a page above 250');
  t.notOk(validate({ shop: 'acme', accessToken: 'x', apiVersion: '2025-02' }), 'a version Shopify never released');
});

t.test('open refuses a config with no credential, naming the field', async (t) => {
  const error = await plugin.source!.open({ shop: 'acme' }, testContext()).then(() => undefined, (e: unknown) => e);
  t.ok(error instanceof ConfigError, 'a ConfigError');
  t.match(error, { message: /accessToken/ });
});

t.test('defaults: the shop URL, version 2025-01, pages of 100, a 300 s overlap', async (t) => {
  t.match(resolveConfig({ shop: 'acme', accessToken: 'x' }), { baseUrl: 'https://acme.myshopify.com', apiVersion: '2025-01', pageSize: 100, lineItemsPageSize: 10, overlapSeconds: 300 });
  t.equal(resolveConfig({ shop: 'acme', accessToken: 'x', baseUrl: 'http://127.0.0.1:9/' }).baseUrl, 'http://127.0.0.1:9', 'baseUrl overrides, trailing slash dropped');
});
