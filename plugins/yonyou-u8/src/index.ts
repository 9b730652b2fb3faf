import { definePlugin } from '@datong/sdk';
import { yonyouU8Sink } from './yonyou-u8-sink.js';

export type { YonyouU8Config } from './generated/config.js';
export type { YonyouU8Customer } from './generated/customers.js';
export type { YonyouU8SaleOrder } from './generated/sale-orders.js';
export { yonyouU8Sink };
export { YonyouU8SinkConnection } from './yonyou-u8-sink-connection.js';

/** Yonyou U8+ (OpenAPI) as a datong sink: customers and sale orders. plugin.json describes it to the engine. */
export default definePlugin({ sink: yonyouU8Sink });
