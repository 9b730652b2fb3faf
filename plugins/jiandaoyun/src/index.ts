import { definePlugin } from '@datong/sdk';
import { jiandaoyunSink } from './jiandaoyun-sink.js';

export type { JiandaoyunConfig } from './generated/config.js';
export type { JiandaoyunCustomer } from './generated/customers.js';
export type { JiandaoyunOrder } from './generated/orders.js';
export { transactionId } from './transaction-id.js';
export { jiandaoyunSink };

/** Jiandaoyun as a datong sink. plugin.json describes it to the engine. */
export default definePlugin({ sink: jiandaoyunSink });
