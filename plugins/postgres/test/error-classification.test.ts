import { ConfigError, isRetryable, recordKey, StoreError, UpstreamError } from '@datong/sdk';
import t from 'tap';
import { classifyPgError, connectionSecrets } from '../src/classify-pg-error.js';
import plugin from '../src/index.js';
import { freshDatabase, serverUrl } from './helpers/postgres-server.js';
import { testContext } from './helpers/test-context.js';

const failure = (code: string | undefined, message = 'boom') =>
  Object.assign(new Error(message), code === undefined ? {} : { code });

t.test('SQLSTATEs and socket errors are classified once, here', async (t) => {
  const retryable = [
    '08006',
    '08001',
    '57P01',
    '57P03',
    '40001',
    '40P01',
    '53300',
    '55P03',
    'ECONNREFUSED',
    'ECONNRESET',
  ];
  const final = ['22P02', '22001', '23505', '23502', '42601', '42P01', '28P01', '42501'];
  for (const code of retryable) t.equal(classifyPgError(failure(code), 'x').retryable, true, `${code} is retryable`);
  for (const code of final) t.equal(classifyPgError(failure(code), 'x').retryable, false, `${code} is not`);
  t.equal(
    classifyPgError(failure(undefined, 'Connection terminated unexpectedly'), 'x').retryable,
    true,
    "pg's codeless lost connection",
  );
  t.equal(
    classifyPgError(failure(undefined, 'something else'), 'x').retryable,
    false,
    'an error that says nothing is not',
  );
  const error = classifyPgError(
    failure('23505', 'duplicate key value violates unique constraint'),
    'upsert into "public"."t"',
  );
  t.type(error, UpstreamError);
  t.match(error, {
    platformCode: '23505',
    code: 'POSTGRES_ERROR',
    message: 'Postgres upsert into "public"."t" failed: duplicate key value violates unique constraint (23505)',
  });
  const own = new StoreError('already classified', { retryable: true });
  t.equal(classifyPgError(own, 'x'), own, 'a datong error passes through unchanged');
});

t.test('the url and its password are scrubbed from messages', async (t) => {
  const url = 'postgres://loader:p%40ss-w0rd!@db.internal:5432/shop';
  const secrets = connectionSecrets(url);
  t.same(secrets, [url, 'p%40ss-w0rd!', 'p@ss-w0rd!']);
  const error = classifyPgError(
    failure('08001', `could not connect to ${url} as loader with p@ss-w0rd!`),
    'connecting',
    secrets,
  );
  t.notMatch(error.message, /p@ss|p%40ss|db\.internal:5432\/shop/);
  t.equal(error.cause, undefined, 'an error that is not from the database or the socket is not kept as the cause');
});

t.test('a refused connection is retryable, and its error holds no password', async (t) => {
  const url = 'postgres://datong:Sup3r-Secret-Pw@127.0.0.1:1/nowhere';
  const sink = await plugin.sink!.open({ url }, testContext());
  t.teardown(() => sink.close?.());
  const error = await sink.object({ name: 'x', key: ['id'], schema: { type: 'object' } }).then(
    () => undefined,
    (e: unknown) => e,
  );
  t.type(error, UpstreamError);
  t.ok(isRetryable(error), 'retryable');
  t.match(error, { platformCode: 'ECONNREFUSED' });
  t.notMatch(String((error as Error).message), /Sup3r-Secret-Pw|datong:/);
  t.notMatch(JSON.stringify(error), /Sup3r-Secret-Pw/);
});

t.test('a url that does not parse is a config error that does not repeat it', async (t) => {
  const error = await plugin
    .sink!.open({ url: 'postgres://me:Hidden-Pw@[not-a-host/db' }, testContext())
    .catch((e: unknown) => e);
  t.type(error, ConfigError);
  t.notMatch(String((error as Error).message), /Hidden-Pw/);
});

const server = serverUrl(t);
if (server !== undefined) {
  const url = await freshDatabase(t, server);

  t.test('a value the column cannot hold is a data error, not retryable', async (t) => {
    const ctx = testContext();
    const sink = await plugin.sink!.open({ url }, ctx);
    t.teardown(() => sink.close?.());
    const prices = await sink.object({
      name: 'prices',
      key: ['id'],
      schema: { type: 'object', properties: { id: { type: 'string' }, amount: { type: 'string', format: 'decimal' } } },
    });
    const record = { id: 'p1', amount: 'twelve' };
    const error = await prices.write([{ key: recordKey(record, ['id']), record }], ctx).catch((e: unknown) => e);
    t.type(error, UpstreamError);
    t.match(error, {
      platformCode: '22P02',
      retryable: false,
      message: /upsert into "public"."prices" failed: invalid input syntax for type numeric/,
    });
    // The connection went back to the pool in a usable state.
    await prices.write([{ key: 'p1', record: { id: 'p1', amount: '12' } }], ctx);
    t.equal((await prices.readBack!(['p1'])).get('p1')?.amount, '12');
  });
}
