import { ConfigError, type SinkConnection, type SinkObject, type SinkObjectSpec } from '@datong/sdk';
import { KingdeeApi } from './kingdee-api.js';
import type { KingdeeHttp } from './kingdee-http.js';
import { CustomerLayout } from './layouts/customer-layout.js';
import { inFilter } from './layouts/form-layout.js';
import { SalesOrderLayout } from './layouts/sales-order-layout.js';
import type { SinkSettings } from './sink-settings.js';
import { FormSink } from './sinks/form-sink.js';

/** The objects the sink writes. */
export const OBJECTS = ['customers', 'salesOrders'];

/** An open Kingdee sink: one HTTP client (one session, one rate limiter) for both objects. */
export class KingdeeSinkConnection implements SinkConnection {
  readonly api: KingdeeApi;

  constructor(
    readonly http: KingdeeHttp,
    private readonly settings: SinkSettings,
  ) {
    this.api = new KingdeeApi(http.http, settings);
  }

  /** Logs in (session auth) and queries one customer number: proves the credentials and the read right. */
  async check(): Promise<void> {
    await this.api.query('BD_Customer', ['FNumber'], "FNumber = ''");
  }

  /** Opens customers or salesOrders; nothing is set up in Kingdee, so a read-only open changes nothing. */
  async object(spec: SinkObjectSpec): Promise<SinkObject> {
    const { batchSize, numberMaxLength } = this.settings;
    if (spec.name === 'customers') return new FormSink(spec, this.api, new CustomerLayout(this.settings), { batchSize, numberMaxLength });
    if (spec.name === 'salesOrders') {
      const heldCustomers = async (keys: string[]) => {
        const held = new Set<string>();
        for (let i = 0; i < keys.length; i += batchSize) {
          const rows = await this.api.query('BD_Customer', ['FNumber'], inFilter('FNumber', keys.slice(i, i + batchSize)));
          for (const [number] of rows) held.add(String(number));
        }
        return held;
      };
      return new FormSink(spec, this.api, new SalesOrderLayout(this.settings), { batchSize, numberMaxLength, heldCustomers });
    }
    throw new ConfigError([{ pointer: `/objects/${spec.name}`, message: `the Kingdee sink writes ${OBJECTS.join(' and ')}, not ${spec.name}` }]);
  }

  async close(): Promise<void> {
    // The session dies with Kingdee's idle timeout; nothing is buffered between writes.
  }
}
