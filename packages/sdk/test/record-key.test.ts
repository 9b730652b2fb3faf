import t from 'tap';
import { RecordError, recordKey } from '../src/index.js';

t.test('one key field gives its text; a compound key a JSON array', async (t) => {
  t.equal(recordKey({ order_no: 123 }, ['order_no']), '123');
  t.equal(recordKey({ channel: 'jd', id: 'A1' }, ['channel', 'id']), '["jd","A1"]');
});

t.test('an empty key is a record error, so the record is dead-lettered, not written under ""', async (t) => {
  t.throws(() => recordKey({ order_no: '' }, ['order_no']), RecordError);
  t.throws(() => recordKey({}, ['order_no']), { code: 'KEY_MISSING', message: /"order_no"/ });
});
