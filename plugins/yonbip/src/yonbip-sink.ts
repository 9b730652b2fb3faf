import { defineSink } from '@datong/sdk';
import type { YonbipConfig } from './generated/config.js';
import { sinkSettings } from './sink-settings.js';
import { YonbipSinkConnection } from './yonbip-sink-connection.js';
import { yonbipHttp } from './yonbip-http.js';

/**
 * The Yonyou YonBIP / YonSuite sink: customers (merchants) and sales orders, keyed by datong's
 * key held in the document's own code.
 *
 * @example
 *   sinks: { erp: { plugin: '@datong/plugin-yonbip', config: { appKey: 'ak…', appSecret: { env: YONBIP_APP_SECRET }, tenantId: 't…', orgCode: '001' } } }
 */
export const yonbipSink = defineSink<YonbipConfig>({
  async open(config, ctx) {
    const settings = sinkSettings(config);
    return new YonbipSinkConnection(yonbipHttp(settings, ctx), settings, ctx);
  },
});
