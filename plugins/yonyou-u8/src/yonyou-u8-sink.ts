import { defineSink } from '@datong/sdk';
import type { YonyouU8Config } from './generated/config.js';
import { sinkSettings } from './sink-settings.js';
import { U8Client } from './u8-client.js';
import { YonyouU8SinkConnection } from './yonyou-u8-sink-connection.js';

/**
 * The Yonyou U8+ OpenAPI sink: customers and sale orders, keyed by their U8 code (datong's key),
 * each add made idempotent by a tradeid stored before it is sent.
 *
 * @example
 *   sinks: { erp: { plugin: '@datong/plugin-yonyou-u8', config: { fromAccount: '...', toAccount: '...', appKey: '...', appSecret: { env: YONYOU_U8_APP_SECRET } } } }
 */
export const yonyouU8Sink = defineSink<YonyouU8Config>({
  async open(config, ctx) {
    const settings = sinkSettings(config);
    return new YonyouU8SinkConnection(new U8Client(settings, ctx), settings, ctx.state);
  },
});
