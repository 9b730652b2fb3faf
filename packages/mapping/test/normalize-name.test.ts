import t from 'tap';
import { normalizeName } from '../src/index.js';

t.test('Chinese names lose spaces and split by surname', async (t) => {
  t.same(normalizeName(' 王 小明 '), { full: '王小明', family: '王', given: '小明' });
  t.same(normalizeName('欧阳娜娜'), { full: '欧阳娜娜', family: '欧阳', given: '娜娜' });
  t.same(normalizeName('诸葛 亮'), { full: '诸葛亮', family: '诸葛', given: '亮' });
  t.same(normalizeName('上官婉儿'), { full: '上官婉儿', family: '上官', given: '婉儿' });
  t.same(normalizeName('李四'), { full: '李四', family: '李', given: '四' });
});

t.test('full-width text becomes half-width and spaces collapse', async (t) => {
  t.same(normalizeName('Ｊｏｈｎ\u3000  Ｓｍｉｔｈ'), { full: 'John Smith', family: 'Smith', given: 'John' });
});

t.test('Western order and "Family, Given"', async (t) => {
  t.same(normalizeName('Mary Ann  Lee'), { full: 'Mary Ann Lee', family: 'Lee', given: 'Mary Ann' });
  t.same(normalizeName('Lee, Mary'), { full: 'Mary Lee', family: 'Lee', given: 'Mary' });
  t.same(normalizeName('Cher'), { full: 'Cher' });
});

t.test('empty names give undefined', async (t) => {
  t.equal(normalizeName('   '), undefined);
  t.equal(normalizeName(undefined), undefined);
});
