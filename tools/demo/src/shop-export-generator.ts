import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { SeededRandom } from '@datong/sdk';

const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '黄', '赵', '周', '吴', '徐', '孙', '林', '何', '郭'];
const GIVEN = ['伟', '芳', '娜', '敏', '静', '磊', '洋', '艳', '勇', '杰', '娟', '涛', '明', '超', '霞', '晓东', '雨萱', '子涵'];
const LATIN = ['Emily Chen', 'Jason Wang', 'Olivia Liu', 'Kevin Zhang', 'Grace Lin'];
export const CITIES = ['上海', '北京', '杭州', '深圳', '广州', '成都', '南京', '武汉'];
export const LEVELS = ['普通会员', '普通会员', '普通会员', '银卡会员', '金卡会员', '钻石会员'];
const PRODUCTS = [['龙井茶礼盒 250g', 'TEA-LJ-250', 168], ['紫砂壶 西施壶', 'POT-XS-01', 399], ['蚕丝被 200x230', 'QLT-SK-200', 1299], ['保温杯 500ml', 'CUP-TH-500', 89]] as const;
export const STATUSES = ['等待买家付款', '买家已付款，等待卖家发货', '卖家已发货，等待买家确认', '交易成功', '交易成功', '交易成功', '交易关闭', '交易被淘宝关闭'];
export const ORDER_HEADER = ['订单编号', '买家会员名', '买家会员ID', '买家应付货款', '订单状态', '退款状态', '订单创建时间', '修改时间', '联系手机', '宝贝标题', '宝贝数量', '商家编码'];

/** What the generated export holds, so the demo (and its test) can say what to expect. */
export interface GeneratedExport {
  members: number;
  orders: number;
  badMembers: number;
  badOrders: number;
}

const pad = (n: number) => String(n).padStart(2, '0');
export const wallClock = (d: Date) => `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
export const maskedPhone = (r: SeededRandom) => `1${r.pick(['38', '39', '58', '86', '77'])}****${String(r.int(0, 9999)).padStart(4, '0')}`;
export const name = (r: SeededRandom) => (r.next() < 0.1 ? r.pick(LATIN) : r.pick(SURNAMES) + r.pick(GIVEN));
export const csvCell = (v: string) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

/**
 * Writes a realistic Tmall shop export into `dir`: `members.ndjson` (masked phones, membership
 * levels) and `orders/2026-11-24.csv` in GBK with Chinese headers, as the seller centre exports
 * it, each with a few bad records of the kinds real exports have.
 */
export function generateDay1(dir: string, orders = 2000, members = 300): GeneratedExport {
  const r = new SeededRandom(20261124);
  mkdirSync(join(dir, 'orders'), { recursive: true });
  const memberLines: string[] = [];
  for (let i = 1; i <= members; i++) memberLines.push(JSON.stringify(member(r, i, new Date(Date.UTC(2026, 10, 24, 1, 0, i)))));
  memberLines.splice(40, 0, '{"member_id": "m-broken", "nick": "半行');                                    // cut off mid-line
  memberLines.splice(90, 0, JSON.stringify({ ...member(r, 9001, new Date(Date.UTC(2026, 10, 24, 2))), level: '黑卡会员' })); // a level nobody mapped
  writeFileSync(join(dir, 'members.ndjson'), `${memberLines.join('\n')}\n`);

  const rows = [ORDER_HEADER.join(','), ...dayOneOrders(orders, members).map((row) => row.map(csvCell).join(','))];
  rows.splice(100, 0, '3000000000090000,王芳,m000001,99.00');                                                        // a row cut short
  rows.splice(200, 0, orderRow(r, 90001, members, '2026-11-24').map((v, c) => (c === 3 ? '九十九' : v)).map(csvCell).join(','));   // an amount in words
  rows.splice(300, 0, orderRow(r, 90002, members, '2026-11-24').map((v, c) => (c === 0 ? '' : v)).map(csvCell).join(','));         // no order number
  rows.splice(400, 0, orderRow(r, 90003, members, '2026-11-24').map((v, c) => (c === 4 ? '已锁定' : v)).map(csvCell).join(','));   // a status nobody mapped
  writeFileSync(join(dir, 'orders', '2026-11-24.csv'), iconv.encode(`${rows.join('\r\n')}\r\n`, 'gbk'));
  return { members, orders, badMembers: 2, badOrders: 4 };
}

/**
 * The next day's export: `changed` of yesterday's orders moved on (paid orders shipped, shipped
 * ones delivered) plus `added` new ones, and a few members with new points.
 */
export function generateDay2(dir: string, changed = 30, added = 10, orders = 2000, members = 300): { orders: number; members: number } {
  const r = new SeededRandom(20261125);
  const rows = [ORDER_HEADER.join(',')];
  const yesterday = dayOneOrders(orders, members).filter((row) => row[4] === '买家已付款，等待卖家发货' || row[4] === '卖家已发货，等待买家确认');
  for (const [i, row] of yesterday.slice(0, changed).entries()) {
    row[4] = '交易成功';
    row[7] = `2026-11-25 09:${pad(i % 60)}:00`;
    rows.push(row.map(csvCell).join(','));
  }
  for (let i = 1; i <= added; i++) rows.push(orderRow(r, 5000 + i, members, '2026-11-25').map(csvCell).join(','));
  writeFileSync(join(dir, 'orders', '2026-11-25.csv'), iconv.encode(`${rows.join('\r\n')}\r\n`, 'gbk'));

  const lines: string[] = [];
  for (let i = 1; i <= 5; i++) lines.push(JSON.stringify({ ...member(new SeededRandom(i), i, new Date(Date.UTC(2026, 10, 25, 3, 0, i))), points: 9000 + i }));
  writeFileSync(join(dir, 'members.ndjson'), `${lines.join('\n')}\n`, { flag: 'a' });
  return { orders: changed + added, members: 5 };
}

function dayOneOrders(orders: number, members: number): string[][] {
  const r = new SeededRandom(1124);
  return Array.from({ length: orders }, (_, i) => orderRow(r, i + 1, members, '2026-11-24'));
}

function member(r: SeededRandom, i: number, updated: Date) {
  return {
    member_id: `m${String(i).padStart(6, '0')}`,
    nick: name(r),
    mobile: maskedPhone(r),
    level: r.pick(LEVELS),
    points: r.int(0, 12000),
    city: r.pick(CITIES),
    registered: wallClock(new Date(Date.UTC(2023, r.int(0, 11), r.int(1, 28), r.int(0, 23), r.int(0, 59)))),
    updated: updated.toISOString(),
  };
}

function orderRow(r: SeededRandom, i: number, members: number, day: string): string[] {
  const [title, sku, price] = r.pick(PRODUCTS);
  const qty = r.int(1, 3);
  const status = r.pick(STATUSES);
  const refund = status === '交易关闭' && r.next() < 0.5 ? '退款成功' : r.next() < 0.03 ? '退款中' : '无退款';
  const created = `${day} ${pad(r.int(0, 23))}:${pad(r.int(0, 59))}:${pad(r.int(0, 59))}`;
  return [
    `3000000000${String(i).padStart(6, '0')}`,
    name(r),
    `m${String(r.int(1, members)).padStart(6, '0')}`,
    (price * qty).toFixed(2),
    status,
    refund,
    created,
    created,
    maskedPhone(r),
    title,
    String(qty),
    sku,
  ];
}
