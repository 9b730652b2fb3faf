import { definePlugin } from '@datong/sdk';
import { yonbipSink } from './yonbip-sink.js';

export type { YonbipConfig } from './generated/config.js';
export type { YonbipCustomer } from './generated/customer.js';
export type { YonbipSalesOrder } from './generated/sales-order.js';
export { yonbipSink };
export { YonbipSinkConnection } from './yonbip-sink-connection.js';
export { tokenSignature } from './token-signature.js';
export { resubmitCheckKey } from './resubmit-key.js';

/** Yonyou YonBIP as a datong sink: customers and sales orders, written by datong's key. */
export default definePlugin({ sink: yonbipSink });
