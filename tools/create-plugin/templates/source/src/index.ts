import { definePlugin } from '@datong/sdk';
import { __CAMEL__Source } from './__NAME__-source.js';

export type { __PASCAL__Config } from './generated/config.js';
export type { __PASCAL__Item } from './generated/items.js';
export { __CAMEL__Source };

/** __TITLE__ as a datong source. plugin.json describes it to the engine. */
export default definePlugin({ source: __CAMEL__Source });
