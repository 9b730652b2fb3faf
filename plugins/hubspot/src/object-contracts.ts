import type { JsonSchema } from '@datong/sdk';
import contact from '../contracts/contact.schema.json' with { type: 'json' };
import deal from '../contracts/deal.schema.json' with { type: 'json' };

/**
 * The record contract of each object the sink writes (contracts/*.schema.json), by object name.
 * A stage with a map and no `model:` hands the sink its source's schema, which says nothing of
 * the mapped record: these say which HubSpot properties the sink reads back and how to type them.
 */
export const OBJECT_CONTRACTS: Record<string, JsonSchema> = { contacts: contact as JsonSchema, deals: deal as JsonSchema };
