import t from 'tap';
import { compareVersions, latestVersions } from '../src/testing/index.js';

t.test('latestVersions keeps the latest version of each record over several reads, as read', async (t) => {
  const first = [
    { id: 1, updated_at: '2025-01-01T08:00:00+08:00' },
    { id: 2, updated_at: '2025-01-01T00:00:00Z' },
  ];
  const second = [
    { id: 1, updated_at: '2025-01-01T01:00:00Z' },
    { id: 2, updated_at: '2024-12-31T00:00:00Z' },
  ];
  t.same(latestVersions([first, second]), new Map([['1', '2025-01-01T01:00:00Z'], ['2', '2025-01-01T00:00:00Z']]), 'newer wins, an older read later does not');
  t.same(latestVersions([[{ id: 1, updated_at: '2025-01-01T08:00:00+08:00' }], [{ id: 1, updated_at: '2025-01-01T00:00:00Z' }]]), new Map([['1', '2025-01-01T00:00:00Z']]), 'the same moment: the later read wins');
  t.same(latestVersions([]), new Map());
});

t.test('latestVersions reads the key and version fields it is told, or a key function', async (t) => {
  const records = [
    { order_no: 'A', modified_at: '2025-02-01T00:00:00Z', updated_at: '2025-03-01T00:00:00Z' },
    { order_no: 'A', modified_at: '2025-01-01T00:00:00Z', updated_at: '2025-04-01T00:00:00Z' },
  ];
  t.same(latestVersions([records], { key: 'order_no', version: 'modified_at' }), new Map([['A', '2025-02-01T00:00:00Z']]));
  t.same(latestVersions([records], { key: 'order_no' }), new Map([['A', '2025-04-01T00:00:00Z']]), 'updated_at unless told');
  const mixed = [{ order_id: 'O1', updated_at: '2025-01-01T00:00:00Z' }, { refund_id: 'R1', order_id: 'O1', updated_at: '2025-01-02T00:00:00Z' }];
  t.same(latestVersions([mixed], { key: (r) => r.refund_id ?? r.order_id }), new Map([['O1', '2025-01-01T00:00:00Z'], ['R1', '2025-01-02T00:00:00Z']]));
});

t.test('compareVersions lists the keys missed and the keys read stale, comparing moments', async (t) => {
  const expected = new Map([['1', '2025-01-01T00:00:00Z'], ['2', '2025-01-02T00:00:00Z'], ['3', '2025-01-03T00:00:00Z']]);
  t.same(compareVersions(new Map([['1', '2025-01-01T08:00:00+08:00'], ['2', '2025-01-01T00:00:00Z'], ['4', '2025-01-01T00:00:00Z']]), expected), { missing: ['3'], stale: ['2'] }, 'a key read but not held is no concern');
  t.same(compareVersions(new Map(expected), expected), { missing: [], stale: [] });
});
