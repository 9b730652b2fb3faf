import { ConfigError, defineSink } from '@datong/sdk';
import { KingdeeClient } from './client.js';
import type { KingdeeConfig } from './generated/config.js';
import { itemsSink } from './sinks/items-sink.js';

const OBJECTS = ['items'];

/** The Kingdee Cloud Galaxy sink: the `items` object, upserted by datong's key, with read-back and delete. */
export const kingdeeSink = defineSink<KingdeeConfig>({
  async open(config, ctx) {
    const client = new KingdeeClient(config, ctx);
    return {
      check: () => client.check(),
      async object(spec) {
        if (!OBJECTS.includes(spec.name)) {
          throw new ConfigError([{ message: `kingdee has no object "${spec.name}": it writes ${OBJECTS.join(', ')}` }]);
        }
        return itemsSink(client, spec);
      },
    };
  },
});
