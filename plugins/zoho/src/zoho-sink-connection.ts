import { ConfigError, type Logger, type SinkConnection, type SinkObject, type SinkObjectSpec } from '@datong/sdk';
import { CrmApi } from './crm-api.js';
import { isObjectName, ModuleLayout, OBJECT_NAMES } from './module-layout.js';
import type { SinkSettings } from './sink-settings.js';
import { ModuleSink } from './sinks/module-sink.js';
import type { ZohoHttp } from './zoho-http.js';

/** An open Zoho sink: one token, one HTTP client and one rate limiter for both its objects. */
export class ZohoSinkConnection implements SinkConnection {
  readonly api: CrmApi;

  constructor(
    readonly http: ZohoHttp,
    private readonly settings: SinkSettings,
    private readonly logger: Logger,
  ) {
    this.api = new CrmApi(http.http, http.auth, settings);
  }

  /** Gets (or reuses) an access token and reads the organization: proves the client, the refresh token and the CRM scope. */
  async check(): Promise<void> {
    await this.api.probe();
  }

  /** Opens contacts (Zoho Contacts) or deals (Zoho Deals). Nothing is set up in Zoho: opening makes no call. */
  async object(spec: SinkObjectSpec): Promise<SinkObject> {
    if (!isObjectName(spec.name)) {
      throw new ConfigError([{ pointer: `/objects/${spec.name}`, message: `the Zoho sink writes ${OBJECT_NAMES.join(' and ')}, not ${spec.name}` }]);
    }
    return new ModuleSink(spec, this.api, new ModuleLayout(spec.name, this.settings.keyField, this.logger), this.settings.concurrency);
  }

  async close(): Promise<void> {
    // fetch keeps nothing that needs closing; the token stays in the state store for the next run.
  }
}
