import { definePlugin } from '@datong/sdk';
import { yonbipSink } from './yonbip-sink.js';

export type { YonbipConfig } from './generated/config.js';
export type { YonbipItem } from './generated/items.js';
export { yonbipSink };

/** Yonyou YonBIP as a datong sink. plugin.json describes it to the engine. */
export default definePlugin({ sink: yonbipSink });
