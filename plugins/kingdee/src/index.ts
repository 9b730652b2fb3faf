import { definePlugin } from '@datong/sdk';
import { kingdeeSink } from './kingdee-sink.js';

export type { KingdeeConfig } from './generated/config.js';
export type { KingdeeItem } from './generated/items.js';
export { kingdeeSink };

/** Kingdee Cloud Galaxy as a datong sink. plugin.json describes it to the engine. */
export default definePlugin({ sink: kingdeeSink });
