import { definePlugin } from '@datong/sdk';
import { zohoSink } from './zoho-sink.js';

export type { ZohoConfig } from './generated/config.js';
export type { ZohoContact } from './generated/contacts.js';
export type { ZohoDeal } from './generated/deals.js';
export { zohoSink };
export { ZohoSinkConnection } from './zoho-sink-connection.js';
export { clearTokenCache, TOKEN_STATE_KEY } from './zoho-auth.js';

/** Zoho CRM as a datong sink: contacts and deals, upserted by datong's key. */
export default definePlugin({ sink: zohoSink });
