import { ConfigError, defineSink } from '@datong/sdk';
import { YonyouU8Client } from './client.js';
import type { YonyouU8Config } from './generated/config.js';
import { itemsSink } from './sinks/items-sink.js';

const OBJECTS = ['items'];

/** The Yonyou U8 sink: the `items` object, upserted by datong's key, with read-back and delete. */
export const yonyouU8Sink = defineSink<YonyouU8Config>({
  async open(config, ctx) {
    const client = new YonyouU8Client(config, ctx);
    return {
      check: () => client.check(),
      async object(spec) {
        if (!OBJECTS.includes(spec.name)) {
          throw new ConfigError([{ message: `yonyou-u8 has no object "${spec.name}": it writes ${OBJECTS.join(', ')}` }]);
        }
        return itemsSink(client, spec);
      },
    };
  },
});
