import t from 'tap';
import { syncTags } from '../src/index.js';

t.test('adds desired tags and removes owned tags no longer desired', async (t) => {
  t.same(syncTags(['Lapsed', 'Newsletter'], ['VIP'], ['VIP', 'Lapsed']), { add: ['VIP'], remove: ['Lapsed'], result: ['Newsletter', 'VIP'] });
});

t.test('never removes foreign tags, even when not desired', async (t) => {
  const { remove, result } = syncTags(['wholesale', 'Newsletter', 'VIP'], [], ['VIP']);
  t.same(remove, ['VIP']);
  t.same(result, ['wholesale', 'Newsletter']);
});

t.test('case-insensitive and never duplicated', async (t) => {
  const sync = syncTags(['vip', 'VIP', 'newsletter'], ['VIP', 'Vip', 'Newsletter'], ['VIP']);
  t.same(sync, { add: [], remove: [], result: ['vip', 'newsletter'] });
});

t.test('idempotent: syncing the result again changes nothing', async (t) => {
  const owned = ['VIP', 'Gold', 'Lapsed'];
  const first = syncTags(['Gold', 'Lapsed', 'b2b', 'b2b'], ['VIP', 'Repeat'], owned);
  const second = syncTags(first.result, ['VIP', 'Repeat'], owned);
  t.same(second.add, []);
  t.same(second.remove, []);
  t.same(second.result, first.result);
  t.same(first.result, ['b2b', 'VIP', 'Repeat']);
});
