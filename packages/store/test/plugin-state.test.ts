import t from 'tap';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SecretBox } from '../src/secret-box.js';
import { forEachDialect } from '../src/testing.js';

forEachDialect(t, async (t, dialect) => {
  const store = await dialect.open(t);

  t.test('a plugin keeps its own values per pipeline and scope', async (t) => {
    const shop = store.pluginState('p', 'sources.shop');
    await shop.set('fields', { email: '_widget_1' });
    await shop.set('fields', { email: '_widget_2' });
    t.same(await shop.get('fields'), { email: '_widget_2' }, 'the last value wins');
    t.equal(await store.pluginState('p', 'sinks.crm').get('fields'), undefined, 'another scope sees nothing');
    t.equal(await store.pluginState('q', 'sources.shop').get('fields'), undefined, 'another pipeline sees nothing');
  });

  t.test('a rotated refresh token is stored sealed, never in clear', async (t) => {
    const crm = store.pluginState('p', 'sinks.crm');
    // Made up at run time: a fixture, never a credential anyone issued.
    const token = `test-refresh-${randomUUID()}`;
    await crm.setSecret('oauth2.refresh_token', token);
    t.equal(await crm.getSecret('oauth2.refresh_token'), token, 'it reads back');
    const rows = await store.db.selectFrom('plugin_state').selectAll().execute();
    const dump = JSON.stringify(rows);
    t.notOk(dump.includes(token), 'no row holds the token in clear');
    t.match(rows.find((r) => r.key === 'oauth2.refresh_token')?.secret, /^v1\./);
    await crm.set('oauth2.refresh_token.meta', { rotatedAt: 1 });
    t.equal(await crm.getSecret('oauth2.refresh_token'), token, 'a value beside it does not disturb it');
  });
});

t.test('the key file is made once, owner-only, and a sealed value opens only where it was sealed', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'datong-key-'));
  const box = SecretBox.fromEnvOrFile(dir, {});
  const mode = statSync(join(dir, 'secret.key')).mode & 0o777;
  t.equal(mode, 0o600, 'mode 0600');
  const again = SecretBox.fromEnvOrFile(dir, {});
  const sealed = box.seal('s3cret-value', 'p/sinks.crm/k');
  t.equal(again.open(sealed, 'p/sinks.crm/k'), 's3cret-value', 'the same key file opens it');
  t.throws(() => again.open(sealed, 'p/sinks.other/k'), { code: 'SECRET_UNREADABLE' }, 'a row moved elsewhere does not open');
  t.notOk(readFileSync(join(dir, 'secret.key'), 'utf8').includes('s3cret'), 'the key file holds only the key');

  const fromEnv = SecretBox.fromEnvOrFile(dir, { DATONG_SECRET_KEY: 'correct horse battery staple' });
  t.throws(() => fromEnv.open(sealed, 'p/sinks.crm/k'), /cannot be decrypted with the key from DATONG_SECRET_KEY/, 'another key: a clear error');
  t.equal(fromEnv.open(fromEnv.seal('x-value', 'c'), 'c'), 'x-value');
});
