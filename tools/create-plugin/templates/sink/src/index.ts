import { definePlugin } from '@datong/sdk';
import { __CAMEL__Sink } from './__NAME__-sink.js';

export type { __PASCAL__Config } from './generated/config.js';
export type { __PASCAL__Item } from './generated/items.js';
export { __CAMEL__Sink };

/** __TITLE__ as a datong sink. plugin.json describes it to the engine. */
export default definePlugin({ sink: __CAMEL__Sink });
