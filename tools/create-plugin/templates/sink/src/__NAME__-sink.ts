import { ConfigError, defineSink } from '@datong/sdk';
import { __PASCAL__Client } from './client.js';
import type { __PASCAL__Config } from './generated/config.js';
import { itemsSink } from './sinks/items-sink.js';

const OBJECTS = ['items'];

/** The __TITLE__ sink: the `items` object, upserted by datong's key, with read-back and delete. */
export const __CAMEL__Sink = defineSink<__PASCAL__Config>({
  async open(config, ctx) {
    const client = new __PASCAL__Client(config, ctx);
    return {
      check: () => client.check(),
      async object(spec) {
        if (!OBJECTS.includes(spec.name)) {
          throw new ConfigError([{ message: `__NAME__ has no object "${spec.name}": it writes ${OBJECTS.join(', ')}` }]);
        }
        return itemsSink(client, spec);
      },
    };
  },
});
