import { definePlugin } from '@datong/sdk';
import { salesforceSink } from './salesforce-sink.js';

export type { SalesforceConfig } from './generated/config.js';
export type { SalesforceContact } from './generated/contact.js';
export type { SalesforceOpportunity } from './generated/opportunity.js';
export { salesforceSink };
export { SalesforceSinkConnection } from './salesforce-sink-connection.js';

/** Salesforce as a sink: Contacts and Opportunities, upserted by datong's key. */
export default definePlugin({ sink: salesforceSink });
