import type { SeededRandom } from '@datong/sdk';

/** An item as the emulated platform stores it. Written from the API's documentation, not from src/. */
export interface StoredItem {
  id: string;
  external_id: string;
  properties: Record<string, unknown>;
  created_at: string;
  updated_at: string;
}

/** The properties the platform knows, and what it accepts in each; anything else is refused by name. */
const PROPERTIES: Record<string, (value: unknown) => string | undefined> = {
  id: (v) => (typeof v === 'string' ? undefined : 'must be text'),
  name: (v) => (typeof v === 'string' && v.trim() !== '' ? undefined : 'must be non-empty text'),
  status: (v) => (v === 'active' || v === 'draft' || v === 'archived' ? undefined : 'must be active, draft or archived'),
  price: (v) => (typeof v === 'string' && /^-?\d+\.\d{2}$/.test(v) ? undefined : 'must be decimal text with 2 decimals, e.g. "129.90"'),
  currency: (v) => (typeof v === 'string' && /^[A-Z]{3}$/.test(v) ? undefined : 'must be an ISO 4217 code'),
};

/**
 * The emulated platform's items, by external id. An upsert replaces an item's properties whole
 * (so restoring a before-image restores it exactly); `name` is required.
 */
export class ItemStore {
  private readonly items = new Map<string, StoredItem>();
  private nextId = 1;

  constructor(
    private readonly random: SeededRandom,
    private readonly now: () => number,
  ) {}

  /** Every stored item. */
  all(): StoredItem[] {
    return [...this.items.values()];
  }

  get(externalId: string): StoredItem | undefined {
    return this.items.get(externalId);
  }

  /** Creates or replaces one item; returns why it was refused, if it was. */
  upsert(externalId: unknown, properties: unknown): { item: StoredItem } | { error: string } {
    if (typeof externalId !== 'string' || externalId === '' || externalId.length > 255) return { error: 'external_id must be text of 1 to 255 characters' };
    if (typeof properties !== 'object' || properties === null || Array.isArray(properties)) return { error: 'properties must be an object' };
    const values = properties as Record<string, unknown>;
    if (values.name === undefined) return { error: 'property "name" is required' };
    for (const [name, value] of Object.entries(values)) {
      const check = PROPERTIES[name];
      if (!check) return { error: `property "${name}" does not exist` };
      const problem = value === null ? undefined : check(value);
      if (problem) return { error: `property "${name}" ${problem}` };
    }
    const at = new Date(this.now()).toISOString();
    const old = this.items.get(externalId);
    const item: StoredItem = { id: old?.id ?? `itm_${this.nextId++}`, external_id: externalId, properties: { ...values }, created_at: old?.created_at ?? at, updated_at: at };
    this.items.set(externalId, item);
    return { item };
  }

  delete(externalId: string): boolean {
    return this.items.delete(externalId);
  }

  /** Someone edits a couple of items in the platform's own UI, as happens between two syncs. */
  mutate(): { updated: string[] } {
    const ids = [...this.items.keys()].sort();
    const updated = new Set<string>();
    for (let i = 0; i < Math.min(2, ids.length); i++) updated.add(this.random.pick(ids));
    for (const id of updated) {
      const item = this.items.get(id)!;
      item.properties = { ...item.properties, name: `${String(item.properties.name)} (edited)` };
      item.updated_at = new Date(this.now()).toISOString();
    }
    return { updated: [...updated] };
  }
}
