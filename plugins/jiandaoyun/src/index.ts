import { definePlugin } from '@datong/sdk';
import { jiandaoyunSink } from './jiandaoyun-sink.js';

export type { JiandaoyunConfig } from './generated/config.js';
export type { JiandaoyunItem } from './generated/items.js';
export { jiandaoyunSink };

/** Jiandaoyun as a datong sink. plugin.json describes it to the engine. */
export default definePlugin({ sink: jiandaoyunSink });
