import { definePlugin } from '@datong/sdk';
import { yonyouU8Sink } from './yonyou-u8-sink.js';

export type { YonyouU8Config } from './generated/config.js';
export type { YonyouU8Item } from './generated/items.js';
export { yonyouU8Sink };

/** Yonyou U8 as a datong sink. plugin.json describes it to the engine. */
export default definePlugin({ sink: yonyouU8Sink });
