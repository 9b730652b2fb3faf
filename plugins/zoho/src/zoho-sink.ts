import { ConfigError, defineSink } from '@datong/sdk';
import { ZohoClient } from './client.js';
import type { ZohoConfig } from './generated/config.js';
import { itemsSink } from './sinks/items-sink.js';

const OBJECTS = ['items'];

/** The Zoho CRM sink: the `items` object, upserted by datong's key, with read-back and delete. */
export const zohoSink = defineSink<ZohoConfig>({
  async open(config, ctx) {
    const client = new ZohoClient(config, ctx);
    return {
      check: () => client.check(),
      async object(spec) {
        if (!OBJECTS.includes(spec.name)) {
          throw new ConfigError([{ message: `zoho has no object "${spec.name}": it writes ${OBJECTS.join(', ')}` }]);
        }
        return itemsSink(client, spec);
      },
    };
  },
});
