import { defineSink } from '@datong/sdk';
import type { HubspotSinkConfig } from './generated/sink-config.js';
import { hubspotHttp } from './hubspot-client.js';
import { HubSpotSinkConnection } from './hubspot-sink-connection.js';
import { sinkSettings } from './sink-settings.js';

/**
 * The HubSpot sink: contacts and deals upserted by datong's key, which HubSpot holds in a unique
 * property (`idProperty`, default `datong_key`) the sink creates when missing.
 *
 * @example
 *   sinks: { crm: { plugin: '@datong/plugin-hubspot', config: { accessToken: { env: HUBSPOT_TOKEN } } } }
 */
export const hubspotSink = defineSink<HubspotSinkConfig>({
  async open(config, ctx) {
    const settings = sinkSettings(config);
    return new HubSpotSinkConnection(hubspotHttp(settings, ctx), settings, ctx.logger);
  },
});
