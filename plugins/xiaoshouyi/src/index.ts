import { definePlugin } from '@datong/sdk';
import { xiaoshouyiSink } from './xiaoshouyi-sink.js';

export type { XiaoshouyiConfig } from './generated/config.js';
export type { XiaoshouyiAccount } from './generated/account.js';
export type { XiaoshouyiOrder } from './generated/order.js';
export { xiaoshouyiSink };
export { XiaoshouyiSinkConnection } from './xiaoshouyi-sink-connection.js';

/** Xiaoshouyi (销售易, Neocrm) as a datong sink: accounts and orders, upserted by datong's key. */
export default definePlugin({ sink: xiaoshouyiSink });
