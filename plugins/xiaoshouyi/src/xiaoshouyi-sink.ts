import { ConfigError, defineSink } from '@datong/sdk';
import { XiaoshouyiClient } from './client.js';
import type { XiaoshouyiConfig } from './generated/config.js';
import { itemsSink } from './sinks/items-sink.js';

const OBJECTS = ['items'];

/** The Xiaoshouyi sink: the `items` object, upserted by datong's key, with read-back and delete. */
export const xiaoshouyiSink = defineSink<XiaoshouyiConfig>({
  async open(config, ctx) {
    const client = new XiaoshouyiClient(config, ctx);
    return {
      check: () => client.check(),
      async object(spec) {
        if (!OBJECTS.includes(spec.name)) {
          throw new ConfigError([{ message: `xiaoshouyi has no object "${spec.name}": it writes ${OBJECTS.join(', ')}` }]);
        }
        return itemsSink(client, spec);
      },
    };
  },
});
