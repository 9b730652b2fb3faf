import { fileURLToPath } from 'node:url';
import t from 'tap';
import { compileMapping, loadMappingFile, syncTags } from '../src/index.js';

const example = (name: string) => fileURLToPath(new URL(`../examples/${name}`, import.meta.url));

t.test('the README Tmall order example maps an order', async (t) => {
  const { spec, file, locate } = await loadMappingFile(example('tmall-order.mapping.yaml'));
  const mapping = compileMapping(spec, { file, locate });
  const out = await mapping.map({
    tid: '2026112500001', buyer_open_uid: 'AAH1', receiver_mobile: '138****1234', status: 'WAIT_BUYER_CONFIRM_GOODS',
    refund_status: 'NO_REFUND', payment: '257.00', created: '2026-11-25 09:15:00',
    orders: { order: [{ outer_sku_id: 'TEA-1', num: 2, price: '128.5' }] },
  });
  t.same(out, {
    order_id: '2026112500001', channel: 'tmall', customer_id: 'AAH1', lifecycle_status: 'open', payment_status: 'paid',
    total: '257.00', currency: 'CNY', created_at: '2026-11-25T01:15:00.000Z', item_count: 2,
    lines: [{ sku: 'TEA-1', quantity: 2, price: '128.50' }],
  });
});

t.test('the README Shopify → HubSpot example gives tier and tags that sync without touching foreign tags', async (t) => {
  const { spec, file, locate } = await loadMappingFile(example('shopify-customer-hubspot.mapping.yaml'));
  const mapping = compileMapping(spec, { file, locate });
  const out = await mapping.map({
    email: 'Ada@Example.com', first_name: 'Ada', last_name: 'L', phone: '(415) 555-0100', total_spent: '6200.00', orders_count: 12,
    email_marketing_consent: { state: 'subscribed' }, created_at: '2024-03-01T10:00:00-05:00', state: 'enabled',
  });
  t.match(out, { email: 'ada@example.com', phone: '+14155550100', total_spent: '6200.00', marketing_opt_in: true, datong_tier: 'vip', datong_tags: ['VIP'], state: 'active' });
  const sync = syncTags(['Prospect', 'wholesale'], out.datong_tags as string[], mapping.ownedTags());
  t.same(sync, { add: ['VIP'], remove: ['Prospect'], result: ['wholesale', 'VIP'] });
});
