import { defineSink } from '@datong/sdk';
import type { KingdeeConfig } from './generated/config.js';
import { kingdeeHttp } from './kingdee-http.js';
import { KingdeeSinkConnection } from './kingdee-sink-connection.js';
import { sinkSettings } from './sink-settings.js';

/**
 * The Kingdee Cloud Galaxy (K3Cloud WebAPI) sink: customers (BD_Customer) and sales orders
 * (SAL_SaleOrder), written by datong's key as their number, looked up before every save.
 *
 * @example
 *   sinks: { erp: { plugin: '@datong/plugin-kingdee', config: { baseUrl: 'https://acme.ik3cloud.com/k3cloud/',
 *     acctId: '...', userName: 'api', appId: '...', appSecret: { env: KINGDEE_APP_SECRET }, orgNumber: '100' } } }
 */
export const kingdeeSink = defineSink<KingdeeConfig>({
  async open(config, ctx) {
    const settings = sinkSettings(config);
    return new KingdeeSinkConnection(kingdeeHttp(settings, ctx), settings);
  },
});
