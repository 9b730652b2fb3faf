import type { JsonSchema } from '@datong/sdk';
import contact from '../contracts/contact.schema.json' with { type: 'json' };
import opportunity from '../contracts/opportunity.schema.json' with { type: 'json' };

/**
 * The record contract of each object (contracts/*.schema.json): the fields read-back selects and
 * returns. The stage's schema may describe its source instead, so the sink goes by these.
 */
export const OBJECT_CONTRACTS = { contacts: contact as JsonSchema, opportunities: opportunity as JsonSchema };
