import { ConfigError, type Logger, type SinkConnection, type SinkObject, type SinkObjectSpec } from '@datong/sdk';
import { CrmApi } from './crm-api.js';
import { datongProperties } from './datong-properties.js';
import { ensureDatongProperties } from './ensure-datong-properties.js';
import type { HubSpotHttp } from './hubspot-client.js';
import { OBJECT_CONTRACTS } from './object-contracts.js';
import { ObjectLayout } from './object-layout.js';
import type { SinkSettings } from './sink-settings.js';
import { CrmObjectSink } from './sinks/crm-object-sink.js';

/** The object types the sink writes. */
export const OBJECTS = ['contacts', 'deals'];

/** An open HubSpot sink: one HTTP client (and rate limiter) for all its objects. */
export class HubSpotSinkConnection implements SinkConnection {
  readonly api: CrmApi;

  constructor(
    readonly http: HubSpotHttp,
    private readonly settings: SinkSettings,
    private readonly logger: Logger,
  ) {
    this.api = new CrmApi(http.http);
  }

  /** Reads one contact: proves the token, the account and the read scope. */
  async check(): Promise<void> {
    await this.api.probe('contacts');
  }

  /**
   * Opens contacts or deals: ensures datong's properties exist (the key property; on contacts also
   * datong_tier and datong_tags) and maps the record fields to HubSpot properties.
   */
  async object(spec: SinkObjectSpec): Promise<SinkObject> {
    if (!OBJECTS.includes(spec.name)) {
      throw new ConfigError([{ pointer: `/objects/${spec.name}`, message: `the HubSpot sink writes ${OBJECTS.join(' and ')}, not ${spec.name}` }]);
    }
    const properties = await ensureDatongProperties(this.api, spec.name, datongProperties(spec.name, this.settings.idProperty), this.logger);
    const layout = new ObjectLayout(spec, this.settings.idProperty, properties, OBJECT_CONTRACTS[spec.name], this.logger);
    return new CrmObjectSink(this.api, layout, this.settings.concurrency);
  }

  async close(): Promise<void> {
    // fetch keeps no connection that needs closing; nothing is buffered between writes.
  }
}
