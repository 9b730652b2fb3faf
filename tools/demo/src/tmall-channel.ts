import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { parseDocument } from 'yaml';
import { SeededRandom } from '@datong/sdk';
import { CITIES, LEVELS, STATUSES, csvCell, maskedPhone, name, wallClock } from './shop-export-generator.js';

/** A contact as the HubSpot emulator's dump lists it. */
export interface DumpedContact {
  id: string;
  properties: Record<string, string | null | undefined>;
}

/** What the Tmall channel holds, so the demo (and its test) can say what to expect. */
export interface TmallChannel {
  members: number;
  /** Members who are customers of the Shopify store too (same phone or same email). */
  overlapping: number;
  orders: number;
  /** The member whose email is one shop contact's and phone another's: two persons become one. */
  bridge: string;
}

const MEMBER_HEADER = ['会员ID', '会员名', '手机号', '邮箱', '会员等级', '积分', '城市', '更新时间'];
const ORDER_HEADER = ['订单编号', '买家会员ID', '实付金额', '订单状态', '创建时间', '修改时间'];

/**
 * Adds a second channel to the demo project: a Tmall seller-centre export (members and orders as
 * GBK CSV with Chinese headers, masked phones, Tmall's own order statuses), its contracts and
 * mappings, and a `tmall` source with two stages in pipeline.yaml. Some members are shop customers
 * too (by phone, or by email), two share a masked phone, and one member ties two shop contacts
 * together, so the run has persons to merge.
 */
export function addTmallChannel(project: string, shopContacts: DumpedContact[]): TmallChannel {
  const r = new SeededRandom(20261203);
  const dir = join(project, 'tmall');
  mkdirSync(dir, { recursive: true });
  // Only contacts datong wrote (they carry datong_key): the account's hand-made ones are no shop
  // customers. Chinese mobiles first: a Tmall export writes them without the country code.
  const withPhone = shopContacts.filter((c) => c.properties.datong_key && c.properties.phone && c.properties.email)
    .sort((x, y) => Number(!x.properties.phone!.startsWith('+86')) - Number(!y.properties.phone!.startsWith('+86')));
  const byPhone = withPhone.slice(0, 8);
  const byEmail = withPhone.slice(8, 12);
  const [a, b] = withPhone.slice(12, 14);
  if (!a || !b) throw new Error('the shop has too few contacts with a phone for the demo');
  const at = (i: number) => wallClock(new Date(Date.UTC(2026, 11, 2, 2, 0, i)));
  const members: string[][] = [];
  const member = (id: string, nick: string, phone: string, email: string, i: number) =>
    members.push([id, nick, phone, email, r.pick(LEVELS), String(r.pick([120, 800, 2600, 5400, 9800])), r.pick(CITIES), at(i)]);
  // Shop customers who also joined the Tmall store: the Tmall export has their phone, local-style.
  byPhone.forEach((c, i) => member(`tm${100 + i}`, name(r), localPhone(c.properties.phone!), '', i));
  byEmail.forEach((c, i) => member(`tm${200 + i}`, name(r), maskedPhone(r), c.properties.email!.toUpperCase(), i));
  // One member gives one shop contact's email and another's phone: those two are one person.
  member('tm300', name(r), localPhone(b.properties.phone!), a.properties.email!, 0);
  // Tmall-only members, their phones masked as Tmall exports them; two masks are identical.
  for (let i = 0; i < 20; i++) member(`tm${400 + i}`, name(r), maskedPhone(r), '', i);
  const twinMask = members.find((m) => m[0] === 'tm400')![2]!;
  members.find((m) => m[0] === 'tm401')![2] = twinMask;

  const orders: string[][] = [];
  members.forEach((m, i) => {
    for (let n = 0; n < 1 + (i % 3); n++) {
      const created = new Date(Date.UTC(2026, 11, 1, 1 + n, i, 0));
      orders.push([`TB${4_000_000 + i * 10 + n}`, m[0]!, (r.int(50, 3000) + 0.5).toFixed(2), r.pick(STATUSES), wallClock(created), at(i)]);
    }
  });
  const csv = (header: string[], rows: string[][]) => iconv.encode(`${[header, ...rows].map((row) => row.map(csvCell).join(',')).join('\r\n')}\r\n`, 'gbk');
  writeFileSync(join(dir, 'members.csv'), csv(MEMBER_HEADER, members));
  writeFileSync(join(dir, 'orders.csv'), csv(ORDER_HEADER, orders));
  writeProjectFiles(project);
  return { members: members.length, overlapping: byPhone.length + byEmail.length + 1, orders: orders.length, bridge: 'tm300' };
}

/** `+8613812345678` as a Chinese export writes it: `138 1234 5678`. */
function localPhone(e164: string): string {
  if (!e164.startsWith('+86')) return e164;
  const n = e164.slice(3);
  return `${n.slice(0, 3)} ${n.slice(3, 7)} ${n.slice(7)}`;
}

function writeProjectFiles(project: string): void {
  const contracts = join(project, 'contracts');
  mkdirSync(contracts, { recursive: true });
  writeFileSync(join(contracts, 'tmall-member.schema.json'), `${JSON.stringify({
    type: 'object', required: ['member_id', 'level'],
    properties: {
      member_id: { type: 'string' }, nick: { type: 'string' }, mobile: { type: ['string', 'null'] }, email: { type: ['string', 'null'] },
      level: { enum: ['普通会员', '银卡会员', '金卡会员', '钻石会员'] }, points: { type: 'integer' }, city: { type: ['string', 'null'] }, updated: { type: 'string' },
    },
  }, null, 2)}\n`);
  writeFileSync(join(contracts, 'tmall-order.schema.json'), `${JSON.stringify({
    type: 'object', required: ['order_no', 'buyer_id', 'amount', 'status'],
    properties: {
      order_no: { type: 'string' }, buyer_id: { type: 'string' }, amount: { type: 'string' },
      status: { enum: ['等待买家付款', '买家已付款，等待卖家发货', '卖家已发货，等待买家确认', '交易成功', '交易关闭', '交易被淘宝关闭'] },
      created: { type: 'string' }, modified: { type: 'string' },
    },
  }, null, 2)}\n`);
  writeFileSync(join(project, 'mappings', 'tmall-member-to-contact.yaml'), `# A Tmall member as a HubSpot contact. Phones are normalized to E.164; a masked one (138****1234)
# gives none, and so never ties two people together.
fields:
  contact_key: member_id
  email: { from: email, normalize: email }
  firstname: { from: nick, normalize: name }
  phone: { from: mobile, normalize: phone }
  city: city
  lifecyclestage: { const: customer }
tier:
  field: datong_tier
  to: [vip, regular, new]
  rules:
    - { when: "points >= 5000", then: vip }
    - { when: "level in ['金卡会员', '钻石会员']", then: regular }
  else: new
tags:
  field: datong_tags
  rules:
    - { from: level, values: { 普通会员: null, 银卡会员: tmall-silver, 金卡会员: tmall-gold, 钻石会员: tmall-diamond } }
    - { when: "true", tag: tmall }
`);
  writeFileSync(join(project, 'mappings', 'tmall-order-to-deal.yaml'), `# A Tmall order as a HubSpot deal. Tmall's statuses, every one of them, into HubSpot's deal stages.
fields:
  deal_key: { expr: "'tmall-' & order_no" }
  contact_key: buyer_id             # the member; identity: link turns it into the member's person
  dealname: { expr: "'Tmall order ' & order_no" }
  amount: { from: amount, normalize: money }
  deal_currency_code: { const: CNY }
  pipeline: { const: default }
  dealstage:
    from: status
    values:
      等待买家付款: qualifiedtobuy
      买家已付款，等待卖家发货: contractsent
      卖家已发货，等待买家确认: contractsent
      交易成功: closedwon
      交易关闭: closedlost
      交易被淘宝关闭: closedlost
  closedate: { from: modified, normalize: timestamp }   # GMT+8 wall clock, as Tmall writes it
`);
  // The pipeline gains the channel; the file keeps its comments.
  const file = join(project, 'pipeline.yaml');
  const doc = parseDocument(readFileSync(file, 'utf8'));
  doc.setIn(['sources', 'tmall'], doc.createNode({
    plugin: '@datong/plugin-file',
    config: {
      streams: {
        members: { path: 'tmall/members.csv', format: 'csv', encoding: 'auto', key: ['member_id'], schema: 'contracts/tmall-member.schema.json',
          columns: { 会员ID: 'member_id', 会员名: 'nick', 手机号: 'mobile', 邮箱: 'email', 会员等级: 'level', 积分: 'points', 城市: 'city', 更新时间: 'updated' } },
        orders: { path: 'tmall/orders.csv', format: 'csv', encoding: 'auto', key: ['order_no'], schema: 'contracts/tmall-order.schema.json',
          columns: { 订单编号: 'order_no', 买家会员ID: 'buyer_id', 实付金额: 'amount', 订单状态: 'status', 创建时间: 'created', 修改时间: 'modified' } },
      },
    },
  }));
  doc.addIn(['stages'], doc.createNode({ name: 'tmall-customers', after: ['customers'], from: 'tmall.members', to: 'crm.contacts', key: ['contact_key'], identity: 'resolve', map: 'mappings/tmall-member-to-contact.yaml' }));
  doc.addIn(['stages'], doc.createNode({ name: 'tmall-orders', after: ['tmall-customers', 'orders'], from: 'tmall.orders', to: 'crm.deals', key: ['deal_key'], identity: { link: 'contact_key' }, map: 'mappings/tmall-order-to-deal.yaml' }));
  doc.setIn(['identity', 'survivorship', 'firstname'], doc.createNode({ sourcePriority: ['shop', 'tmall'] }));
  writeFileSync(file, doc.toString());
}
