import { definePlugin } from '@datong/sdk';
import { salesforceSink } from './salesforce-sink.js';

export type { SalesforceConfig } from './generated/config.js';
export type { SalesforceItem } from './generated/items.js';
export { salesforceSink };

/** Salesforce as a datong sink. plugin.json describes it to the engine. */
export default definePlugin({ sink: salesforceSink });
