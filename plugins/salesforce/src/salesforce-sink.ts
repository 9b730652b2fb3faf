import { defineSink } from '@datong/sdk';
import type { SalesforceConfig } from './generated/config.js';
import { SalesforceApi } from './salesforce-api.js';
import { SalesforceSinkConnection } from './salesforce-sink-connection.js';
import { sinkSettings } from './sink-settings.js';

/**
 * The Salesforce sink: Contacts and Opportunities upserted by datong's key, which Salesforce holds
 * in an External ID field (`externalIdField`, default `Datong_Key__c`) on both.
 *
 * @example
 *   sinks: { crm: { plugin: '@datong/plugin-salesforce', config: {
 *     clientId: { env: SALESFORCE_CLIENT_ID }, clientSecret: { env: SALESFORCE_CLIENT_SECRET },
 *     refreshToken: { env: SALESFORCE_REFRESH_TOKEN } } } }
 */
export const salesforceSink = defineSink<SalesforceConfig>({
  async open(config, ctx) {
    const settings = sinkSettings(config);
    return new SalesforceSinkConnection(new SalesforceApi(settings, ctx), settings);
  },
});
