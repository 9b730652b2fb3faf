import { ConfigError, type Logger, type SinkConnection, type SinkObject, type SinkObjectSpec } from '@datong/sdk';
import { CrmApi } from './crm-api.js';
import { datongProperties } from './datong-properties.js';
import { ensureDatongProperties, findDatongProperties } from './ensure-datong-properties.js';
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
   * datong_tier and datong_tags) and maps the record fields to HubSpot properties. Opened
   * read-only (a dry run, a reconciliation) it only reads the property list and creates none: an
   * object type without the key property holds no datong record yet.
   */
  async object(spec: SinkObjectSpec): Promise<SinkObject> {
    if (!OBJECTS.includes(spec.name)) {
      throw new ConfigError([{ pointer: `/objects/${spec.name}`, message: `the HubSpot sink writes ${OBJECTS.join(' and ')}, not ${spec.name}` }]);
    }
    const wanted = datongProperties(spec.name, this.settings.idProperty);
    const contract = OBJECT_CONTRACTS[spec.name];
    if (!spec.readOnly) {
      const properties = await ensureDatongProperties(this.api, spec.name, wanted, this.logger);
      return new CrmObjectSink(this.api, new ObjectLayout(spec, this.settings.idProperty, properties, contract, this.logger), this.settings.concurrency);
    }
    const { properties, missing } = await findDatongProperties(this.api, spec.name, wanted);
    const pending = missing.map((m) => m.name);
    if (pending.length > 0) {
      this.logger.info(`hubspot: ${spec.name} opened read-only: ${pending.join(', ')} not created (a run creates ${pending.length > 1 ? 'them' : 'it'})`, { object: spec.name, properties: pending });
    }
    return new CrmObjectSink(this.api, new ObjectLayout(spec, this.settings.idProperty, properties, contract, this.logger, pending), this.settings.concurrency);
  }

  async close(): Promise<void> {
    // fetch keeps no connection that needs closing; nothing is buffered between writes.
  }
}
