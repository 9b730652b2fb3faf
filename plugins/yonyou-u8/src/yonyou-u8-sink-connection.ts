import { ConfigError, type PluginState, type SinkConnection, type SinkObject, type SinkObjectSpec } from '@datong/sdk';
import { PendingAdds } from './pending-adds.js';
import type { SinkSettings } from './sink-settings.js';
import { CustomersSink } from './sinks/customers-sink.js';
import { SaleOrdersSink } from './sinks/sale-orders-sink.js';
import type { U8Client } from './u8-client.js';

/** The objects the sink writes. */
export const OBJECTS = ['customers', 'saleOrders'];

/** An open U8 sink: one client (token, rate limiter) for both objects. Opening an object calls nothing. */
export class YonyouU8SinkConnection implements SinkConnection {
  constructor(
    readonly client: U8Client,
    private readonly settings: SinkSettings,
    private readonly state: PluginState,
  ) {}

  /** Fetches a token (proving fromAccount, appKey and appSecret) and reads one customer (proving toAccount). */
  check(): Promise<void> {
    return this.client.check();
  }

  async object(spec: SinkObjectSpec): Promise<SinkObject> {
    if (spec.name === 'customers') return new CustomersSink(spec, this.client, this.pendingAdds(spec.name), this.settings);
    if (spec.name === 'saleOrders') return new SaleOrdersSink(spec, this.client, this.pendingAdds(spec.name), this.settings);
    throw new ConfigError([{ pointer: `/objects/${spec.name}`, message: `the yonyou-u8 sink writes ${OBJECTS.join(' and ')}, not ${spec.name}` }]);
  }

  async close(): Promise<void> {
    // Nothing is buffered between writes; fetch keeps no connection that needs closing.
  }

  private pendingAdds(object: string): PendingAdds {
    return new PendingAdds(this.state, `yonyou-u8.pending-adds.${this.settings.toAccount}.${object}`);
  }
}
