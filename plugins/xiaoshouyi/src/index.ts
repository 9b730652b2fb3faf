import { definePlugin } from '@datong/sdk';
import { xiaoshouyiSink } from './xiaoshouyi-sink.js';

export type { XiaoshouyiConfig } from './generated/config.js';
export type { XiaoshouyiItem } from './generated/items.js';
export { xiaoshouyiSink };

/** Xiaoshouyi as a datong sink. plugin.json describes it to the engine. */
export default definePlugin({ sink: xiaoshouyiSink });
