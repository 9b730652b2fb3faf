import { ConfigError, type SinkConnection, type SinkObject, type SinkObjectSpec } from '@datong/sdk';
import type { ApiUsage } from './api-usage.js';
import { OBJECT_CONTRACTS } from './object-contracts.js';
import { ObjectLayout } from './object-layout.js';
import { RestApi } from './rest-api.js';
import type { SalesforceApi } from './salesforce-api.js';
import type { SinkSettings } from './sink-settings.js';
import { SObjectSink } from './sinks/sobject-sink.js';

/** The objects the sink writes and the sObject and key field of each. */
const OBJECTS = {
  contacts: { sobject: 'Contact', keyField: 'customer_key' },
  opportunities: { sobject: 'Opportunity', keyField: 'order_key' },
} as const;

/** An open Salesforce sink: one session, one HTTP client and rate limiter for all its objects. */
export class SalesforceSinkConnection implements SinkConnection {
  readonly rest: RestApi;

  constructor(
    readonly api: SalesforceApi,
    private readonly settings: SinkSettings,
  ) {
    this.rest = new RestApi(api);
  }

  /** The org's 24-hour API usage as the latest response's Sforce-Limit-Info said. */
  get apiUsage(): ApiUsage | undefined {
    return this.api.usage.latest;
  }

  /** `GET /limits`: proves the credentials (a refresh first, with OAuth) with one cheap call. */
  async check(): Promise<void> {
    await this.rest.limits();
  }

  /** Opens contacts (Contact) or opportunities (Opportunity). Opening makes no call: nothing is set up in the org. */
  async object(spec: SinkObjectSpec): Promise<SinkObject> {
    const name = spec.name as keyof typeof OBJECTS;
    const entry = OBJECTS[name];
    if (!Object.hasOwn(OBJECTS, spec.name) || !entry) {
      throw new ConfigError([{ pointer: `/objects/${spec.name}`, message: `the Salesforce sink writes ${Object.keys(OBJECTS).join(' and ')}, not ${spec.name}` }]);
    }
    const lookup = name === 'opportunities' ? this.settings.contactLookupField : undefined;
    const layout = new ObjectLayout(entry.sobject, entry.keyField, OBJECT_CONTRACTS[name], this.settings.externalIdField, lookup);
    return new SObjectSink(spec, this.rest, layout, this.settings);
  }

  async close(): Promise<void> {
    // Nothing buffered between writes, and the HTTP client keeps no connection that needs closing.
  }
}
