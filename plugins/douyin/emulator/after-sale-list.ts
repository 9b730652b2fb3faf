import type { EmulatorKit, EmulatorResponse } from '@datong/sdk/emulator';
import { ERRORS, success } from './envelope.js';
import { wholeNumber } from './listing-params.js';
import type { SearchLimits } from './order-search.js';
import type { ShopStore } from './shop-store.js';

/**
 * afterSale.List: update_start_time/update_end_time (or start_time/end_time on the apply time),
 * order_by ["update_time desc"] or ["apply_time asc"]…, pages from 0, size at most 100,
 * page × size within the reachable maximum.
 */
export function afterSaleList(kit: EmulatorKit, store: ShopStore, limits: SearchLimits) {
  return async (p: Record<string, unknown>): Promise<EmulatorResponse> => {
    const page = wholeNumber(p.page);
    const size = wholeNumber(p.size);
    if (page === undefined || size === undefined) return ERRORS.badParam('page and size are required');
    if (page < 0) return ERRORS.negativePage();
    if (size > limits.maxPageSize || size < 1) return ERRORS.sizeTooLarge();
    const byUpdate = p.update_start_time !== undefined;
    const field = byUpdate ? 'update_time' : 'apply_time';
    const start = wholeNumber(byUpdate ? p.update_start_time : p.start_time) ?? 0;
    const end = wholeNumber(byUpdate ? p.update_end_time : p.end_time) ?? Math.floor(kit.now() / 1000);
    const [orderBy = 'update_time desc'] = Array.isArray(p.order_by) ? (p.order_by as string[]) : [];
    const [sortField = 'update_time', direction = 'desc'] = String(orderBy).split(' ');
    const key = sortField === 'apply_time' ? 'apply_time' : 'update_time';
    const matches = store.afterSales
      .filter((s) => s[field] >= start && s[field] <= end)
      .sort((a, b) => (direction === 'asc' ? 1 : -1) * (a[key] - b[key] || (a.aftersale_id < b.aftersale_id ? -1 : 1)));
    if (matches.length > limits.maxResults) return ERRORS.tooManyResults(limits.maxResults);
    const listing = `after-sales:${field}:${start}:${end}`;
    const served = kit.pageFaults(listing, page, matches, page * size, size);
    const body = success({ items: served.map((s) => store.wireAfterSale(s)), total: matches.length, page, size, has_more: (page + 1) * size < matches.length });
    await kit.pageServed(listing);
    return body;
  };
}
