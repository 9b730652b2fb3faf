import { ConfigError, type Logger, type SinkConnection, type SinkObject, type SinkObjectSpec } from '@datong/sdk';
import { contractSchema } from './contract-schema.js';
import { KeyLookup } from './key-lookup.js';
import { ObjectLayout } from './object-layout.js';
import type { SinkSettings } from './sink-settings.js';
import { ACCOUNT, XobjectSink } from './sinks/xobject-sink.js';
import type { XiaoshouyiClient } from './xiaoshouyi-client.js';

/** The sink objects, with their contracts. */
export const OBJECTS: Record<string, { contract: string; linksCustomer: boolean }> = {
  accounts: { contract: 'account.schema.json', linksCustomer: false },
  orders: { contract: 'order.schema.json', linksCustomer: true },
};

/** An open Xiaoshouyi sink: one signed-in client (and rate limiter) for all its objects. */
export class XiaoshouyiSinkConnection implements SinkConnection {
  constructor(
    readonly client: XiaoshouyiClient,
    private readonly settings: SinkSettings,
    private readonly logger: Logger,
  ) {}

  /** Signs in and reads the account object's description: proves the credentials with one cheap call. */
  async check(): Promise<void> {
    await this.client.api.describe(ACCOUNT);
  }

  /** Opens accounts or orders. No call is made: a read-only open changes nothing. */
  async object(spec: SinkObjectSpec): Promise<SinkObject> {
    const entry = OBJECTS[spec.name];
    if (!entry) {
      throw new ConfigError([{ pointer: `/objects/${spec.name}`, message: `the Xiaoshouyi sink writes ${Object.keys(OBJECTS).join(' and ')}, not ${spec.name}` }]);
    }
    const xobject = entry.linksCustomer ? this.settings.orderObject : ACCOUNT;
    const layout = new ObjectLayout(spec, xobject, this.settings.keyField, contractSchema(entry.contract), entry.linksCustomer);
    const lookup = new KeyLookup(this.client.api, this.settings.lookupBatchSize, this.settings.concurrency, this.logger);
    return new XobjectSink(this.client.api, lookup, layout, this.settings);
  }

  async close(): Promise<void> {
    // fetch keeps no connection that needs closing; nothing is buffered between writes.
  }
}
