import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import t from 'tap';
import { parse } from 'yaml';
import { compileMap } from '@datong/core';
import type { DataRecord } from '@datong/sdk';
import { compileMapping, type FieldRule } from '../src/index.js';

const example = fileURLToPath(new URL('../../../examples/shop-exports/', import.meta.url));
const pipeline = parse(readFileSync(`${example}pipeline.yaml`, 'utf8')) as { stages: { name: string; map: Record<string, FieldRule> }[] };
const stage = (name: string) => pipeline.stages.find((s) => s.name === name)!.map;

async function both(map: Record<string, FieldRule>, record: DataRecord): Promise<[unknown, unknown]> {
  const old = compileMap(map as never, { timezone: '+08:00', where: () => 'pipeline.yaml' });
  const mine = compileMapping({ fields: map }, { timezone: '+08:00' });
  const run = async (f: () => unknown) => { try { return await f(); } catch (e) { return { error: (e as { code?: string }).code }; } };
  return [await run(() => old(record)), await run(() => mine.map(record))];
}

t.test('the example members map gives the same records as the engine', async (t) => {
  // Members as the example's export has them (tools/demo generates the real file; a clean clone has none).
  const members: DataRecord[] = [
    { member_id: 'm000001', nick: '王芳', mobile: '138****1234', level: '金卡会员', points: 5200, city: '杭州', registered: '2025-03-01 09:30:00', updated: '2026-11-24 10:00:00' },
    { member_id: 'm000002', nick: '李娜', mobile: '', level: '普通会员', points: '0', city: '上海', registered: '2024-12-31 23:59:59', updated: '2026-11-24 00:00:01' },
    { member_id: 'm000003', nick: 'Emma', level: '钻石会员', points: 12000, registered: '2026-01-01 00:00:00', updated: '2026-11-24 08:00:00' },
    { member_id: 'm009001', nick: '赵磊', level: '黑卡会员', points: 10, updated: '2026-11-24 02:00:00' },
  ];
  for (const record of members) {
    const [old, mine] = await both(stage('customers'), record);
    t.same(mine, old, String(record.member_id));
  }
  const [, unknown] = await both(stage('customers'), members[3]!);
  t.same(unknown, { error: 'UNMAPPED_VALUE' }, 'a level nobody mapped dead-letters in both');
});

t.test('the example orders map (value maps, cases/else, defaults, decimal, timestamps) gives the same records', async (t) => {
  const orders: DataRecord[] = [
    { order_no: '3001', buyer_id: 'm1', buyer_nick: '郭涛', phone: '177****8318', status: '交易成功', refund_status: '无退款', amount: '1,280.50', created: '2026-11-24 10:00:00', modified: '2026-11-24 12:00:00' },
    { order_no: '3002', buyer_id: 'm2', buyer_nick: '吴娜', status: '等待买家付款', refund_status: '', amount: '99', created: '2026-11-24 23:59:59', modified: '2026-11-25 00:00:01' },
    { order_no: '3003', buyer_id: 'm3', status: '交易关闭', refund_status: '退款成功', amount: '0.5', created: '2026-11-24 01:00:00', modified: '2026-11-24 01:00:00' },
    { order_no: '3004', status: '未知状态', amount: '1', created: '2026-11-24 01:00:00' },
  ];
  for (const record of orders) {
    const [old, mine] = await both(stage('orders'), record);
    t.same(mine, old, String(record.order_no));
  }
  const [, unknown] = await both(stage('orders'), orders[3]!);
  t.same(unknown, { error: 'UNMAPPED_VALUE' }, 'an unknown status dead-letters in both');
});
