import type { EmulatorKit, EmulatorResponse } from '@datong/sdk/emulator';
import { ERRORS, success } from './envelope.js';
import { wholeNumber } from './listing-params.js';
import type { EmuOrder, ShopStore } from './shop-store.js';

export interface SearchLimits {
  /** order.searchList's size maximum (100). */
  maxPageSize: number;
  /** Results one query may reach before it is refused with :20013 (50,000; tests set a handful). */
  maxResults: number;
  /** How far back a start time may reach, days (90). */
  lookbackDays: number;
}

/**
 * order.searchList: create_time_* or update_time_* (Unix s, both ends inclusive: UNCONFIRMED),
 * order_by create_time (default) or update_time, descending unless order_asc, pages from 0, at
 * most `maxPageSize` per page, refused with 40004 :20013 when more than `maxResults` match.
 */
export function orderSearch(kit: EmulatorKit, store: ShopStore, limits: SearchLimits) {
  return async (p: Record<string, unknown>): Promise<EmulatorResponse> => {
    const page = wholeNumber(p.page);
    const size = wholeNumber(p.size);
    if (page === undefined || size === undefined) return ERRORS.badParam('page and size are required');
    if (page < 0) return ERRORS.negativePage();
    if (size > limits.maxPageSize || size < 1) return ERRORS.sizeTooLarge();
    const byUpdate = p.update_time_start !== undefined;
    const start = wholeNumber(byUpdate ? p.update_time_start : p.create_time_start);
    if (start === undefined) return ERRORS.needStartTime();
    const now = Math.floor(kit.now() / 1000);
    const end = wholeNumber(byUpdate ? p.update_time_end : p.create_time_end) ?? now;
    if (start < now - limits.lookbackDays * 86_400) return ERRORS.tooOld(limits.lookbackDays);
    const combine = p.combine_status;
    if (Array.isArray(combine) && combine.length > 1) return ERRORS.combineStatus();
    const wantStatus = Array.isArray(combine) && combine.length === 1 ? String((combine[0] as { order_status?: unknown })?.order_status ?? '') : undefined;
    const filterField: keyof EmuOrder = byUpdate ? 'update_time' : 'create_time';
    const sortField: keyof EmuOrder = p.order_by === 'update_time' ? 'update_time' : 'create_time';
    const asc = p.order_asc === true || p.order_asc === 'true';
    const matches = store.orders
      .filter((o) => (o[filterField] as number) >= start && (o[filterField] as number) <= end)
      .filter((o) => wantStatus === undefined || wantStatus === '' || String(o.order_status) === wantStatus)
      .sort((a, b) => {
        const d = (a[sortField] as number) - (b[sortField] as number) || (a.order_id < b.order_id ? -1 : a.order_id > b.order_id ? 1 : 0);
        return asc ? d : -d;
      });
    if (matches.length > limits.maxResults) return ERRORS.tooManyResults(limits.maxResults);
    const listing = `orders:${filterField}:${start}:${end}`;
    const served = kit.pageFaults(listing, page, matches, page * size, size);
    const body = success({ page, size, total: matches.length, shop_order_list: served.map((o) => store.wire(o)) });
    await kit.pageServed(listing);
    return body;
  };
}
