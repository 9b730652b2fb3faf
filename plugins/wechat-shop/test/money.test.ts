import t from 'tap';
import { fenToYuan } from '../src/index.js';

t.test('fen become exact yuan strings, with integer arithmetic', async (t) => {
  t.equal(fenToYuan(12850), '128.50');
  t.equal(fenToYuan(5), '0.05');
  t.equal(fenToYuan(0), '0.00');
  t.equal(fenToYuan(100), '1.00');
  t.equal(fenToYuan('1999'), '19.99');
  t.equal(fenToYuan(-250), '-2.50');
  t.equal(fenToYuan(900719925474099), '9007199254740.99', 'no float rounding even near 2^53');
  t.equal(fenToYuan(null), null);
  t.throws(() => fenToYuan(12.5), /whole number of fen/);
});
