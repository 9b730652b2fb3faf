import t from 'tap';
import { normalizeDate, normalizeTimestamp } from '../src/index.js';

t.test('zone-less wall clock is read as GMT+8 by default', async (t) => {
  t.equal(normalizeTimestamp('2026-11-25 14:30:00'), '2026-11-25T06:30:00.000Z');
  t.equal(normalizeTimestamp('2026/11/25 00:15'), '2026-11-24T16:15:00.000Z', 'crosses midnight back into the previous UTC day');
  t.equal(normalizeTimestamp('2026-11-25 14:30:00', 'Asia/Shanghai'), '2026-11-25T06:30:00.000Z');
  t.equal(normalizeTimestamp('2026-07-01 12:00:00', 'America/New_York'), '2026-07-01T16:00:00.000Z', 'IANA zone with summer time');
});

t.test('Unix seconds and milliseconds', async (t) => {
  t.equal(normalizeTimestamp(1764052200), '2025-11-25T06:30:00.000Z');
  t.equal(normalizeTimestamp(1764052200000), '2025-11-25T06:30:00.000Z');
  t.equal(normalizeTimestamp('1764052200'), '2025-11-25T06:30:00.000Z', 'digits as text');
});

t.test('ISO text with a zone keeps its zone', async (t) => {
  t.equal(normalizeTimestamp('2026-11-25T14:30:00+08:00', 'UTC'), '2026-11-25T06:30:00.000Z');
  t.equal(normalizeTimestamp('2026-11-25T06:30:00Z'), '2026-11-25T06:30:00.000Z');
  t.equal(normalizeTimestamp('2026-11-25T14:30:00+0800'), '2026-11-25T06:30:00.000Z');
});

t.test('impossible or unreadable times give undefined', async (t) => {
  for (const bad of ['2026-02-30 10:00:00', 'yesterday', '', '2026-11-25 25:00:00']) t.equal(normalizeTimestamp(bad), undefined, bad);
  t.equal(normalizeTimestamp('2026-11-25 10:00', 'Mars/Olympus'), undefined, 'an unknown zone');
});

t.test('dates', async (t) => {
  t.equal(normalizeDate('2026/1/5 10:00'), '2026-01-05');
  t.equal(normalizeDate('not a date'), undefined);
});
