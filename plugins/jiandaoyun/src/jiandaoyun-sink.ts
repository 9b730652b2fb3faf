import { ConfigError, defineSink } from '@datong/sdk';
import { JiandaoyunClient } from './client.js';
import type { JiandaoyunConfig } from './generated/config.js';
import { itemsSink } from './sinks/items-sink.js';

const OBJECTS = ['items'];

/** The Jiandaoyun sink: the `items` object, upserted by datong's key, with read-back and delete. */
export const jiandaoyunSink = defineSink<JiandaoyunConfig>({
  async open(config, ctx) {
    const client = new JiandaoyunClient(config, ctx);
    return {
      check: () => client.check(),
      async object(spec) {
        if (!OBJECTS.includes(spec.name)) {
          throw new ConfigError([{ message: `jiandaoyun has no object "${spec.name}": it writes ${OBJECTS.join(', ')}` }]);
        }
        return itemsSink(client, spec);
      },
    };
  },
});
