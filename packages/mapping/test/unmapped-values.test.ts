import t from 'tap';
import { compileMapping, unmappedValues } from '../src/index.js';

const orderSchema = {
  type: 'object',
  properties: {
    status: { type: 'string', enum: ['WAIT_BUYER_PAY', 'TRADE_FINISHED', 'TRADE_CLOSED'] },
    refund: { anyOf: [{ type: 'null' }, { type: 'string', enum: ['NONE', 'SUCCESS'] }] },
    buyer: { type: 'object', properties: { level: { enum: ['1', '2', null] } } },
    items: { type: 'array', items: { type: 'object', properties: { state: { type: 'string', enum: ['ok', 'returned'] } } } },
  },
};

const locate = (pointer: string) => ({ file: 'tmall-orders.yaml', line: { '/fields/status/values': 5, '/values/refunds': 20 }[pointer] ?? 1, column: 3, pointer });

t.test('a status added to the source enum after the mapping was written is reported with file and line', async (t) => {
  const mapping = compileMapping({ fields: { status: { from: 'status', values: { WAIT_BUYER_PAY: 'pending', TRADE_FINISHED: 'completed' } } } }, { locate });
  t.same(unmappedValues(mapping, orderSchema), [{ field: 'status', sourceField: 'status', value: 'TRADE_CLOSED', file: 'tmall-orders.yaml', line: 5 }]);
});

t.test('looks through anyOf with null, nested objects and list items', async (t) => {
  const mapping = compileMapping({
    values: { refunds: { NONE: 'none' } },
    fields: {
      refund_status: { from: 'refund', valuesOf: 'refunds' },
      tier: { from: 'buyer.level', values: { 1: 'standard' } },
      lines: { from: 'items', each: { status: { from: 'state', values: { ok: 'ok' } } } },
    },
  }, { locate });
  t.same(unmappedValues(mapping, orderSchema).map((u) => [u.field, u.sourceField, u.value, u.line]), [
    ['refund_status', 'refund', 'SUCCESS', 20],
    ['tier', 'buyer.level', '2', 1],
    ['lines[].status', 'items[].state', 'returned', 1],
  ]);
});

t.test('a complete mapping, or a field without an enum, reports nothing', async (t) => {
  const mapping = compileMapping({ fields: { status: { from: 'status', values: { WAIT_BUYER_PAY: 'p', TRADE_FINISHED: 'c', TRADE_CLOSED: 'x' } }, other: { from: 'nope', values: {} } } });
  t.same(unmappedValues(mapping, orderSchema), []);
});
