import type { SeededRandom } from '@datong/sdk';
import type { SeedData } from '@datong/sdk/emulator';

/** An item as the emulated platform stores and serves it. Written from the API's documentation, not from src/. */
export interface StoredItem {
  id: string;
  name: string;
  status: 'active' | 'draft' | 'archived';
  price: string;
  currency: string;
  created_at: string;
  updated_at: string;
}

const STATUSES: StoredItem['status'][] = ['active', 'draft', 'archived'];
// Seeded items were made and changed in the first half of 2025: fixed, so a seed gives the same data on any day.
const SEEDED_FROM = Date.UTC(2025, 0, 1);
const SEEDED_TO = Date.UTC(2025, 5, 30);

/**
 * The emulated platform's items: seeded, changed by `mutate` the way people using the platform
 * change them between two syncs, and listed oldest change first (ties by id), which is the
 * order the API documents for GET /v1/items.
 */
export class ItemStore {
  private readonly items = new Map<string, StoredItem>();

  constructor(
    private readonly seed: SeedData,
    private readonly random: SeededRandom,
    private readonly now: () => number,
    count: number,
  ) {
    for (let i = 0; i < count; i++) {
      const created = seed.moment(SEEDED_FROM, SEEDED_TO);
      this.add(created, seed.moment(created, SEEDED_TO));
    }
  }

  /** Every item, oldest change first. */
  all(): StoredItem[] {
    return [...this.items.values()].sort(byChange);
  }

  /** Updates a few items and adds a few, all stamped with one moment later than any change before it. */
  mutate(): { updated: string[]; added: string[] } {
    const newest = Math.max(SEEDED_TO, ...[...this.items.values()].map((item) => Date.parse(item.updated_at)));
    const at = Math.max(Math.floor(this.now() / 1000) * 1000, newest + 1000);
    const updated = new Set<string>();
    const ids = [...this.items.keys()].sort();
    for (let i = 0; i < Math.min(3, ids.length); i++) updated.add(this.random.pick(ids));
    for (const id of updated) {
      const item = this.items.get(id)!;
      item.price = this.seed.money(5, 2000);
      item.status = this.random.pick(STATUSES);
      item.updated_at = new Date(at).toISOString();
    }
    const added = [this.add(at, at).id, this.add(at, at).id];
    return { updated: [...updated], added };
  }

  private add(createdMs: number, updatedMs: number): StoredItem {
    const locale = this.random.next() < 0.5 ? 'zh' : 'en';
    const item: StoredItem = {
      id: this.seed.id('itm_'),
      name: this.seed.productTitle(locale),
      status: this.random.pick(STATUSES),
      price: this.seed.money(5, 2000),
      currency: locale === 'zh' ? 'CNY' : 'USD',
      created_at: new Date(createdMs).toISOString(),
      updated_at: new Date(updatedMs).toISOString(),
    };
    this.items.set(item.id, item);
    return item;
  }
}

/** The listing order: `updated_at`, then `id`. */
export function byChange(a: { updated_at: string; id: string }, b: { updated_at: string; id: string }): number {
  return Date.parse(a.updated_at) - Date.parse(b.updated_at) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}
