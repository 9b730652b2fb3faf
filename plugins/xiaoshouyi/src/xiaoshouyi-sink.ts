import { defineSink } from '@datong/sdk';
import type { XiaoshouyiConfig } from './generated/config.js';
import { sinkSettings } from './sink-settings.js';
import { xiaoshouyiClient } from './xiaoshouyi-client.js';
import { XiaoshouyiSinkConnection } from './xiaoshouyi-sink-connection.js';

/**
 * The Xiaoshouyi (销售易, Neocrm) sink: accounts and orders upserted by datong's key, which
 * Xiaoshouyi holds in a custom text field (keyField, default datong_key__c). Opening it makes no
 * call: the first call signs in.
 *
 * @example
 *   sinks: { crm: { plugin: '@datong/plugin-xiaoshouyi', config: { clientId: '...', clientSecret: { env: XIAOSHOUYI_CLIENT_SECRET }, ... } } }
 */
export const xiaoshouyiSink = defineSink<XiaoshouyiConfig>({
  async open(config, ctx) {
    const settings = sinkSettings(config);
    return new XiaoshouyiSinkConnection(xiaoshouyiClient(settings, ctx), settings, ctx.logger);
  },
});
