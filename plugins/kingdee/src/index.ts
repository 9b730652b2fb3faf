import { definePlugin } from '@datong/sdk';
import { kingdeeSink } from './kingdee-sink.js';

export type { KingdeeConfig } from './generated/config.js';
export type { KingdeeCustomer } from './generated/customer.js';
export type { KingdeeSalesOrder } from './generated/sales-order.js';
export { kingdeeSink };
export { KingdeeSinkConnection } from './kingdee-sink-connection.js';
export { loginSign, gatewaySecret, signatureHeaders } from './kingdee-signing.js';

/** Kingdee Cloud Galaxy (K3Cloud WebAPI) as a sink: customers and sales orders, by datong's key. */
export default definePlugin({ sink: kingdeeSink });
