import t from 'tap';
import { ConfigError } from '@datong/sdk';
import { compileMapping } from '../src/index.js';

const spec = {
  enums: { tiers: ['vip', 'gold', 'standard'] },
  fields: { id: 'member_id' },
  tier: { to: 'tiers', rules: [{ when: 'points >= 5000', then: 'vip' }, { when: "level = '金卡会员'", then: 'gold' }], else: 'standard' },
  tags: {
    rules: [
      { when: 'points >= 5000', tag: 'VIP' },
      { when: "channel = 'tmall'", tag: 'Tmall' },
      { from: 'labels', values: { 复购: 'Repeat', 新客: 'New', 测试: null } },
    ],
  },
};

t.test('points and levels become a tier: first rule that holds, else the default', async (t) => {
  const m = compileMapping(spec);
  t.equal((await m.map({ member_id: 'a', points: 5000, level: '普通会员' })).tier, 'vip');
  t.equal((await m.map({ member_id: 'b', points: 4999, level: '金卡会员' })).tier, 'gold');
  t.equal((await m.map({ member_id: 'c', points: 10 })).tier, 'standard');
});

t.test('tag rules give the desired tag set, once each', async (t) => {
  const m = compileMapping(spec);
  const out = await m.map({ member_id: 'a', points: 6000, channel: 'tmall', labels: ['复购', '测试', '复购'] });
  t.same(out.tags, ['VIP', 'Tmall', 'Repeat']);
  t.same((await m.map({ member_id: 'b', points: 1 })).tags, []);
  t.same(m.ownedTags(), ['VIP', 'Tmall', 'Repeat', 'New']);
  await t.rejects(m.map({ member_id: 'c', labels: ['黑名单'] }), { code: 'UNMAPPED_VALUE', message: /"黑名单"/ }, 'an unlisted label is a value the map must name');
});

t.test('a tier outside the declared enum is a compile error', async (t) => {
  let error: unknown;
  try { compileMapping({ ...spec, tier: { ...spec.tier, else: 'bronze' } }); } catch (e) { error = e; }
  t.type(error, ConfigError);
  t.match((error as Error).message, /"bronze"/);
});
