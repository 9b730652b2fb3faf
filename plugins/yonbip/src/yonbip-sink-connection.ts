import { ConfigError, type PluginContext, type SinkConnection, type SinkObject, type SinkObjectSpec } from '@datong/sdk';
import { CustomerDirectory } from './customer-directory.js';
import type { SinkSettings } from './sink-settings.js';
import { CustomerSink } from './sinks/customer-sink.js';
import { SalesOrderSink } from './sinks/sales-order-sink.js';
import { YonbipApi } from './yonbip-api.js';
import type { YonbipHttp } from './yonbip-http.js';

/** The objects the sink writes. */
export const OBJECTS = ['customers', 'salesOrders'];

/** An open YonBIP sink: one token, one set of limiters and one customer directory for its objects. */
export class YonbipSinkConnection implements SinkConnection {
  readonly api: YonbipApi;
  private readonly directory: CustomerDirectory;

  constructor(
    readonly http: YonbipHttp,
    private readonly settings: SinkSettings,
    private readonly ctx: PluginContext,
  ) {
    this.api = new YonbipApi(http);
    this.directory = new CustomerDirectory(this.api);
  }

  /** Discovers the gateway and gets a token: proves tenantId, appKey and appSecret. */
  async check(): Promise<void> {
    await this.api.probe();
  }

  /** Opens customers or salesOrders. Nothing is called and nothing set up in YonBIP: opening read-only changes nothing either. */
  async object(spec: SinkObjectSpec): Promise<SinkObject> {
    if (spec.name === 'customers') return new CustomerSink(spec, this.api, this.settings, this.directory, this.ctx);
    if (spec.name === 'salesOrders') {
      for (const field of ['salesOrgId', 'transactionTypeId'] as const) {
        if (this.settings[field] === undefined) throw new ConfigError([{ pointer: `/${field}`, message: `${field} is required to write salesOrders` }]);
      }
      return new SalesOrderSink(spec, this.api, this.settings, this.directory, this.ctx);
    }
    throw new ConfigError([{ pointer: `/objects/${spec.name}`, message: `the YonBIP sink writes ${OBJECTS.join(' and ')}, not ${spec.name}` }]);
  }

  async close(): Promise<void> {
    // Nothing is buffered between writes, and fetch keeps no connection that needs closing.
  }
}
