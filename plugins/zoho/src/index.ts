import { definePlugin } from '@datong/sdk';
import { zohoSink } from './zoho-sink.js';

export type { ZohoConfig } from './generated/config.js';
export type { ZohoItem } from './generated/items.js';
export { zohoSink };

/** Zoho CRM as a datong sink. plugin.json describes it to the engine. */
export default definePlugin({ sink: zohoSink });
