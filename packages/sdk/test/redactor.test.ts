import t from 'tap';
import { Redactor } from '../src/index.js';

t.test('secrets are replaced in text and nested values, also URL-encoded', async (t) => {
  const r = new Redactor();
  r.add('s3cr3t/p@ss');
  r.add('abc');
  t.equal(r.text('postgres://u:s3cr3t%2Fp%40ss@host/db failed'), 'postgres://u:[redacted]@host/db failed');
  t.same(r.value({ a: ['token s3cr3t/p@ss'], n: 1 }), { a: ['token [redacted]'], n: 1 });
  t.equal(r.text('abc stays: too short to be a secret worth hiding'), 'abc stays: too short to be a secret worth hiding');
});
