import { defineSource } from '@datong/sdk';
import { __PASCAL__Client } from './client.js';
import type { __PASCAL__Config } from './generated/config.js';
import { itemsStream } from './streams/items-stream.js';

/** The __TITLE__ source: the `items` stream, read incrementally by `updated_at`. */
export const __CAMEL__Source = defineSource<__PASCAL__Config>({
  async open(config, ctx) {
    const client = new __PASCAL__Client(config, ctx);
    return {
      streams: async () => [itemsStream(client)],
      check: () => client.check(),
    };
  },
});
