import { ConfigError } from '@datong/sdk';
import t from 'tap';
import { resolveConfig } from '../src/douyin-config.js';

t.test('defaults are filled in', async (t) => {
  const config = resolveConfig({ appKey: 'k', appSecret: 's', accessToken: 'a' });
  t.match(config, {
    signMethod: 'hmac-sha256', baseUrl: 'https://openapi-fxg.jinritemai.com', pageSize: 100, windowMs: 24 * 3600_000,
    lagMs: 10_000, overlapMs: 60_000, decrypt: false, decryptBatchSize: 50, rateLimitWaitMs: 1000,
  });
  t.equal(config.startDate, undefined, 'the 90-day lookback is the default start');
});

t.test('some way to a token is required; a bad startDate is named', async (t) => {
  t.throws(() => resolveConfig({ appKey: 'k', appSecret: 's' }), ConfigError);
  t.throws(() => resolveConfig({ appKey: 'k', appSecret: 's' }), { message: /accessToken, refreshToken, or .*shopId/ });
  t.throws(() => resolveConfig({ appKey: 'k', appSecret: 's', shopId: '1', startDate: 'yesterday' }), { message: /startDate/ });
  t.ok(resolveConfig({ appKey: 'k', appSecret: 's', shopId: '12' }), 'a self-use app needs only its shop id');
});
