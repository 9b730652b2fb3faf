import { readFileSync } from 'node:fs';
import { RecordError } from '@datong/sdk';
import t from 'tap';
import { REFUND_APPLY_STATUS_MAP, refundApplyStatus } from '../src/index.js';
import { compareVersions, configFor, emulator, expectedRefundVersions, latestVersions, openStream, readAll } from './helpers/jd.js';

const schema = JSON.parse(readFileSync(new URL('../contracts/refund.schema.json', import.meta.url), 'utf8')) as { properties: { status: { enum: number[] } } };

t.test('every documented refund application status (0-9) has a canonical meaning', async (t) => {
  t.same(Object.keys(REFUND_APPLY_STATUS_MAP).map(Number), schema.properties.status.enum);
  t.equal(refundApplyStatus(0), 'requested', 'not reviewed');
  t.equal(refundApplyStatus(1), 'requested', 'seller approval is not money back');
  t.equal(refundApplyStatus(2), 'rejected');
  t.equal(refundApplyStatus('3'), 'refunded', 'JD finance approved');
  t.equal(refundApplyStatus(4), 'rejected');
  t.equal(refundApplyStatus(6), 'refunded');
  t.equal(refundApplyStatus(8), 'rejected', 'intercept failed');
  t.equal(refundApplyStatus(9), 'refunded');
  t.throws(() => refundApplyStatus(42), RecordError);
  t.throws(() => refundApplyStatus(42), { code: 'UNMAPPED_VALUE', message: /"42"/ });
});

t.test('refund applications are read by apply time and by review time; a review is read next run', async (t) => {
  const emu = await emulator(t, { orders: 60 });
  const config = configFor(emu, { pageSize: 5, windowHours: 72 });
  const first = await openStream(config, undefined, 'refunds');
  const run1 = await readAll(first.stream, first.ctx);
  t.ok(run1.records.length >= 10, `${run1.records.length} applications`);
  t.same(new Set(run1.records.map((r) => r.status)), new Set([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]), 'every status served');
  const r = run1.records.find((x) => x.status === 3)!;
  t.match(r, { amount: /^\d+\.\d{2}$/, currency: 'CNY', refund_status: 'refunded', channel: 'jd' });
  t.equal(r.amount, `${Math.trunc(Number(r.apply_refund_sum) / 100)}.${String(Number(r.apply_refund_sum) % 100).padStart(2, '0')}`, 'fen to yuan exactly');
  const { reviewed } = emu.store.mutate(6);
  t.ok(reviewed.length > 0, 'some applications reviewed');
  const second = await openStream(config, undefined, 'refunds');
  const run2 = await readAll(second.stream, second.ctx, { state: run1.state });
  const ids = new Set(run2.records.map((x) => x.refund_id));
  for (const id of reviewed) t.ok(ids.has(id), `reviewed application ${id} read again`);
  t.same(compareVersions(latestVersions(run1.records, run2.records), expectedRefundVersions(emu)), { missing: [], stale: [] });
});
