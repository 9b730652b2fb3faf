import t from 'tap';
import { normalizeEmail } from '../src/index.js';

t.test('trims and lowercases the whole address', async (t) => {
  t.equal(normalizeEmail('  Li.Lei@Example.COM '), 'li.lei@example.com');
});

t.test('keeps dots and +tags: they can be different people outside Gmail', async (t) => {
  t.equal(normalizeEmail('a.b+shop@example.com'), 'a.b+shop@example.com');
  t.not(normalizeEmail('a.b@example.com'), normalizeEmail('ab@example.com'));
});

t.test('rejects text that is not an address', async (t) => {
  for (const bad of ['no-at-sign', 'a@b', 'a b@example.com', '@example.com', 'a@@example.com', '.a@example.com', 'a..b@example.com', '']) {
    t.equal(normalizeEmail(bad), undefined, JSON.stringify(bad));
  }
  t.equal(normalizeEmail(42), undefined);
});
