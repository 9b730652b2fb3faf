import t from 'tap';
import { ConfigError, tokenOrOAuth } from '../src/index.js';

const refused = (config: Parameters<typeof tokenOrOAuth>[0]) => {
  try {
    tokenOrOAuth(config, 'accessToken (a private-app token)');
  } catch (error) {
    return error as ConfigError;
  }
  throw new Error('accepted');
};

t.test('a token, or all three OAuth fields', async (t) => {
  t.same(tokenOrOAuth({ accessToken: 'tok' }), { kind: 'token', accessToken: 'tok' });
  t.same(tokenOrOAuth({ clientId: 'c', clientSecret: 's', refreshToken: 'r' }), { kind: 'oauth', clientId: 'c', clientSecret: 's', refreshToken: 'r' });
});

t.test('anything else is a ConfigError naming the field', async (t) => {
  const both = refused({ accessToken: 'tok', clientId: 'c' });
  t.type(both, ConfigError);
  t.match(both.message, /either accessToken \(a private-app token\) or the OAuth .* not both/);
  t.match(refused({ clientId: 'c' }).message, /OAuth needs clientId, clientSecret and refreshToken; clientSecret and refreshToken missing/);
  t.match(refused({}).message, /no credentials: give accessToken \(a private-app token\) or the OAuth/);
});
