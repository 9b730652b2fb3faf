import { ConfigError, defineSink } from '@datong/sdk';
import { SalesforceClient } from './client.js';
import type { SalesforceConfig } from './generated/config.js';
import { itemsSink } from './sinks/items-sink.js';

const OBJECTS = ['items'];

/** The Salesforce sink: the `items` object, upserted by datong's key, with read-back and delete. */
export const salesforceSink = defineSink<SalesforceConfig>({
  async open(config, ctx) {
    const client = new SalesforceClient(config, ctx);
    return {
      check: () => client.check(),
      async object(spec) {
        if (!OBJECTS.includes(spec.name)) {
          throw new ConfigError([{ message: `salesforce has no object "${spec.name}": it writes ${OBJECTS.join(', ')}` }]);
        }
        return itemsSink(client, spec);
      },
    };
  },
});
