import { defineSink } from '@datong/sdk';
import type { ZohoConfig } from './generated/config.js';
import { sinkSettings } from './sink-settings.js';
import { zohoHttp } from './zoho-http.js';
import { ZohoSinkConnection } from './zoho-sink-connection.js';

/**
 * The Zoho CRM sink: customers into Contacts and orders into Deals, upserted by datong's key held
 * in a unique custom field (keyField, default Datong_Key).
 *
 * @example
 *   sinks: { crm: { plugin: '@datong/plugin-zoho', config: { clientId: { env: ZOHO_CLIENT_ID },
 *     clientSecret: { env: ZOHO_CLIENT_SECRET }, refreshToken: { env: ZOHO_REFRESH_TOKEN } } } }
 */
export const zohoSink = defineSink<ZohoConfig>({
  async open(config, ctx) {
    const settings = sinkSettings(config);
    return new ZohoSinkConnection(zohoHttp(settings, ctx), settings, ctx.logger);
  },
});
