import { ConfigError, defineSink } from '@datong/sdk';
import { YonbipClient } from './client.js';
import type { YonbipConfig } from './generated/config.js';
import { itemsSink } from './sinks/items-sink.js';

const OBJECTS = ['items'];

/** The Yonyou YonBIP sink: the `items` object, upserted by datong's key, with read-back and delete. */
export const yonbipSink = defineSink<YonbipConfig>({
  async open(config, ctx) {
    const client = new YonbipClient(config, ctx);
    return {
      check: () => client.check(),
      async object(spec) {
        if (!OBJECTS.includes(spec.name)) {
          throw new ConfigError([{ message: `yonbip has no object "${spec.name}": it writes ${OBJECTS.join(', ')}` }]);
        }
        return itemsSink(client, spec);
      },
    };
  },
});
