import { UpstreamError, runSlices } from '@datong/sdk';
import { BATCH_SIZE, type CrmApi } from './crm-api.js';
import { readableMessage, type HubSpotErrorBody } from './hubspot-error.js';

/** HUBSPOT_DEFINED association type of a deal to its contact. */
export const DEAL_TO_CONTACT = 3;

/**
 * The deal-to-contact step: a deal record names its contact by datong key (`contact_key`, as
 * the contacts stage wrote it); HubSpot associates by record id. This finds the ids, makes each
 * deal's datong contact the one its record names (creating an existing association changes
 * nothing, so a rerun is safe) and, for read-back, finds the contact key of each deal again.
 */
export class DealAssociations {
  constructor(
    private readonly api: CrmApi,
    private readonly idProperty: string,
    private readonly concurrency: number,
  ) {}

  /** The HubSpot ids of the contacts with these datong keys; keys HubSpot does not hold are absent. */
  async contactIds(keys: string[]): Promise<Map<string, string>> {
    const found = new Map<string, string>();
    await runSlices([...new Set(keys)], BATCH_SIZE, this.concurrency, async (slice) => {
      const answer = await this.api.read('contacts', slice, [this.idProperty], this.idProperty);
      failOnOtherErrors(answer.errors, 'reading contacts by datong key');
      for (const contact of answer.results) {
        const key = contact.properties[this.idProperty];
        if (key) found.set(key, String(contact.id));
      }
    });
    return found;
  }

  /**
   * Associates each deal with its contact, and removes its associations with other contacts that
   * datong wrote (an identity merge gave the order another person, or a rollback restores the
   * contact it had); associations people made by hand, to contacts without a datong key, stay. A
   * pair without `contactId` leaves the deal with no contact datong wrote. Answers the deals
   * HubSpot refused, with why.
   */
  async link(pairs: { dealId: string; contactId?: string }[]): Promise<Map<string, string>> {
    const refused = new Map<string, string>();
    await runSlices(pairs, BATCH_SIZE, this.concurrency, async (slice) => {
      const current = await this.api.associated('deals', 'contacts', slice.map((p) => p.dealId));
      const missing = slice.flatMap((p) => (p.contactId === undefined || (current.get(p.dealId) ?? []).includes(p.contactId) ? [] : [{ dealId: p.dealId, contactId: p.contactId }]));
      if (missing.length > 0) {
        const answer = await this.api.associate('deals', 'contacts', missing.map((p) => ({ from: p.dealId, to: p.contactId, typeId: DEAL_TO_CONTACT })));
        for (const error of answer.errors) {
          const ids = ((error.context?.fromObjectId as unknown[] | undefined) ?? []).map(String);
          const why = `associating the deal with its contact failed: HubSpot ${error.category ?? 'error'}: ${readableMessage(error.message)}`;
          // An error that names no deal leaves them all unconfirmed: each is retried from the dead letters.
          for (const pair of ids.length > 0 ? missing.filter((p) => ids.includes(p.dealId)) : missing) refused.set(pair.dealId, why);
        }
      }
      const others = slice.map((p) => ({ from: p.dealId, to: (current.get(p.dealId) ?? []).filter((c) => c !== p.contactId) })).filter((o) => o.to.length > 0);
      if (others.length === 0) return;
      const keyed = await this.contactKeysById(others.flatMap((o) => o.to));
      const stale = others.map((o) => ({ from: o.from, to: o.to.filter((c) => keyed.has(c)) })).filter((o) => o.to.length > 0);
      if (stale.length > 0) await this.api.unassociate('deals', 'contacts', stale);
    });
    return refused;
  }

  /** For read-back: the datong key of the contact each deal is associated with (one that has a key). */
  async contactKeys(dealIds: string[]): Promise<Map<string, string>> {
    const contactsOf = new Map<string, string[]>();
    await runSlices(dealIds, BATCH_SIZE, this.concurrency, async (slice) => {
      for (const [deal, contacts] of await this.api.associated('deals', 'contacts', slice)) contactsOf.set(deal, contacts);
    });
    const keyOf = await this.contactKeysById([...contactsOf.values()].flat());
    const out = new Map<string, string>();
    for (const [deal, contacts] of contactsOf) {
      const key = contacts.map((c) => keyOf.get(c)).find((k) => k !== undefined);
      if (key !== undefined) out.set(deal, key);
    }
    return out;
  }

  /** The datong keys of these contacts, by HubSpot id; contacts without one are absent. */
  private async contactKeysById(ids: string[]): Promise<Map<string, string>> {
    const keyOf = new Map<string, string>();
    await runSlices([...new Set(ids)], BATCH_SIZE, this.concurrency, async (slice) => {
      const answer = await this.api.read('contacts', slice, [this.idProperty]);
      failOnOtherErrors(answer.errors, 'reading associated contacts');
      for (const contact of answer.results) {
        const key = contact.properties[this.idProperty];
        if (key) keyOf.set(String(contact.id), key);
      }
    });
    return keyOf;
  }
}

/** A batch read's 207 lists missing records as OBJECT_NOT_FOUND; anything else is a real failure. */
export function failOnOtherErrors(errors: HubSpotErrorBody[], doing: string): void {
  const other = errors.find((e) => e.category !== 'OBJECT_NOT_FOUND');
  if (other) {
    throw new UpstreamError(`HubSpot failed ${doing}: ${other.category ?? 'error'}: ${readableMessage(other.message)}`, {
      platformCode: other.category,
      retryable: false,
    });
  }
}
