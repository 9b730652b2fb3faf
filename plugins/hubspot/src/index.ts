import { definePlugin } from '@datong/sdk';
import { hubspotSink } from './hubspot-sink.js';

export type { HubspotSinkConfig } from './generated/sink-config.js';
export type { HubspotContact } from './generated/contact.js';
export type { HubspotDeal } from './generated/deal.js';
export { hubspotSink };
export { HubSpotSinkConnection } from './hubspot-sink-connection.js';

/** HubSpot CRM as a sink: contacts and deals, upserted by datong's key. */
export default definePlugin({ sink: hubspotSink });
