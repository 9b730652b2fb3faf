import type { EmulatorKit, EmulatorRequest, EmulatorResponse } from '@datong/sdk/emulator';
import { checkKeys, type ApiKey } from './key-auth.js';
import { ANY_STATUSES, ORDER_STATUSES } from './order-statuses.js';
import { invalidParam, wpError, type ErrorStyle } from './rest-errors.js';
import type { WooStore } from './woo-store.js';
import { customerJson, orderJson, refundJson } from './woo-views.js';

export const API = '/wp-json/wc/v3';

/** The store-wide settings the REST handlers need. */
export interface RestSettings extends ErrorStyle {
  kit: EmulatorKit;
  store: WooStore;
  key: ApiKey;
  currency: string;
  /** The store's UTC offset, minutes: the offset of date_created etc. (the _gmt fields are UTC). */
  offsetMinutes: number;
  /** WordPress's date_query `after`/`before` are exclusive; true makes them inclusive (UNCONFIRMED). */
  inclusiveDateBounds: boolean;
  /** Print a PHP notice before each JSON answer, as a store with display_errors on does. */
  phpNotices: boolean;
  /** Statuses a store plugin registered besides the core ones (set through the set-status control). */
  customStatuses: Set<string>;
}

const PHP_NOTICE = '<br />\n<b>Notice</b>:  Undefined index: shipping_phone in <b>/var/www/html/wp-content/plugins/acme-checkout/acme.php</b> on line <b>212</b><br />\n';

type Handler = (req: EmulatorRequest) => EmulatorResponse | Promise<EmulatorResponse>;

/** Registers the wc/v3 routes the plugin reads: orders, an order, its refunds, all refunds, customers, a customer. */
export function registerRestApi(s: RestSettings): void {
  const { kit, store } = s;
  const guarded = (handler: Handler): Handler => async (req) => {
    const refused = checkKeys(kit, s.key, s, req);
    if (refused) return refused;
    const answer = await handler(req);
    return s.phpNotices && answer.json !== undefined ? { ...answer, json: undefined, text: PHP_NOTICE + JSON.stringify(answer.json), headers: { ...answer.headers, 'content-type': 'application/json; charset=UTF-8' } } : answer;
  };
  const view = (order: Parameters<typeof orderJson>[0]) => orderJson(order, s.currency, s.offsetMinutes, kit.url);

  kit.route('GET', `${API}/orders`, guarded(async (req) => {
    const filters = orderFilters(s, req);
    if (!('keep' in filters)) return filters;
    const orderby = req.query.get('orderby') ?? 'date';
    if (!['date', 'id', 'include', 'title', 'slug', 'modified'].includes(orderby)) return invalidParam(s, 'orderby', 'orderby is not one of date, id, include, title, slug, and modified.');
    const direction = req.query.get('order') ?? 'desc';
    if (direction !== 'asc' && direction !== 'desc') return invalidParam(s, 'order', 'order is not one of asc and desc.');
    const key = orderby === 'modified' ? (o: { modifiedMs: number }) => o.modifiedMs : orderby === 'id' || orderby === 'include' ? (o: { id: number }) => o.id : (o: { createdMs: number }) => o.createdMs;
    const all = store.orders.filter(filters.keep).sort((a, b) => (key(a as never) - key(b as never)) || a.id - b.id);
    if (direction === 'desc') all.reverse();
    return paged(s, req, `orders?${listingId(req)}`, all, view);
  }));
  kit.route('GET', `${API}/orders/:id`, guarded((req) => {
    const order = store.order(Number(req.params.id));
    return order ? { json: view(order) } : wpError(s, 404, 'woocommerce_rest_shop_order_invalid_id', 'Invalid ID.');
  }));
  kit.route('GET', `${API}/orders/:id/refunds`, guarded((req) => {
    const order = store.order(Number(req.params.id));
    if (!order) return wpError(s, 404, 'woocommerce_rest_shop_order_invalid_id', 'Invalid ID.');
    return paged(s, req, `refunds:${order.id}`, [...order.refunds].reverse(), (r) => refundJson(r, order, s.offsetMinutes));
  }));
  kit.route('GET', `${API}/refunds`, guarded((req) => {
    const all = store.refunds().sort((a, b) => b.createdMs - a.createdMs || b.id - a.id);
    return paged(s, req, 'refunds', all, (r) => ({ ...refundJson(r, store.order(r.orderId)!, s.offsetMinutes), parent_id: r.orderId }));
  }));
  kit.route('GET', `${API}/customers`, guarded((req) => {
    const role = req.query.get('role') ?? 'customer';
    const orderby = req.query.get('orderby') ?? 'name';
    if (!['id', 'include', 'name', 'registered_date'].includes(orderby)) return invalidParam(s, 'orderby', 'orderby is not one of id, include, name, and registered_date.');
    const direction = req.query.get('order') ?? 'asc';
    if (direction !== 'asc' && direction !== 'desc') return invalidParam(s, 'order', 'order is not one of asc and desc.');
    const all = store.customers.filter((c) => role === 'all' || c.role === role);
    all.sort(orderby === 'name' ? (a, b) => a.username.localeCompare(b.username) || a.id - b.id : orderby === 'registered_date' ? (a, b) => a.createdMs - b.createdMs || a.id - b.id : (a, b) => a.id - b.id);
    if (direction === 'desc') all.reverse();
    return paged(s, req, `customers?${listingId(req)}`, all, (c) => customerJson(c, s.offsetMinutes, store.orders.some((o) => o.customerId === c.id && o.paidMs !== null)));
  }));
  kit.route('GET', `${API}/customers/:id`, guarded((req) => {
    const customer = store.customer(Number(req.params.id));
    return customer ? { json: customerJson(customer, s.offsetMinutes, false) } : wpError(s, 404, 'woocommerce_rest_invalid_id', 'Invalid resource ID.');
  }));
}

/** The orders filters of a request, or the error answer for a bad one. */
function orderFilters(s: RestSettings, req: EmulatorRequest): { keep: (o: { status: string; modifiedMs: number; createdMs: number; customerId: number }) => boolean } | EmulatorResponse {
  const gmt = req.query.get('dates_are_gmt') === 'true' || req.query.get('dates_are_gmt') === '1';
  const bounds: { field: 'modifiedMs' | 'createdMs'; after: boolean; at: number }[] = [];
  for (const [name, field, after] of [['modified_after', 'modifiedMs', true], ['modified_before', 'modifiedMs', false], ['after', 'createdMs', true], ['before', 'createdMs', false]] as const) {
    const value = req.query.get(name);
    if (value === null) continue;
    const at = parseDate(value, gmt ? 0 : s.offsetMinutes);
    if (at === undefined) return invalidParam(s, name, 'Invalid date.');
    bounds.push({ field, after, at });
  }
  const known = new Set<string>(['any', ...ORDER_STATUSES, ...s.customStatuses]);
  const statuses = (req.query.get('status') ?? 'any').split(',').map((x) => x.trim()).filter((x) => x !== '');
  const index = statuses.findIndex((x) => !known.has(x));
  if (index >= 0) return invalidParam(s, 'status', `status[${index}] is not one of ${[...known].join(', ')}.`);
  const allowed = new Set<string>(statuses.flatMap((x) => (x === 'any' ? [...ANY_STATUSES, ...s.customStatuses] : [x])));
  const customer = req.query.get('customer');
  return {
    keep: (o) =>
      allowed.has(o.status) &&
      (customer === null || String(o.customerId) === customer) &&
      bounds.every((b) => {
        const v = o[b.field];
        if (s.inclusiveDateBounds) return b.after ? v >= b.at : v <= b.at;
        return b.after ? v > b.at : v < b.at;
      }),
  };
}

/** ISO 8601 as WordPress's rest_parse_date reads it; a time without an offset is in `offsetMinutes`. */
function parseDate(value: string, offsetMinutes: number): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(\.\d+)?(Z|[+-]\d{2}:?\d{2})?$/.exec(value);
  if (!m) return undefined;
  if (m[8]) return Date.parse(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}${m[8]}`);
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6])) - offsetMinutes * 60_000;
}

/** The query without page: pages of one listing share it, so page faults see one listing. */
function listingId(req: EmulatorRequest): string {
  const q = new URLSearchParams(req.query);
  q.delete('page');
  q.delete('consumer_key');
  q.delete('consumer_secret');
  return q.toString();
}

/** One page of `all` with WordPress's X-WP-Total, X-WP-TotalPages and Link headers; per_page 1..100 (default 10). */
async function paged<T>(s: RestSettings, req: EmulatorRequest, listing: string, all: T[], view: (item: T) => unknown): Promise<EmulatorResponse> {
  const perPageText = req.query.get('per_page') ?? '10';
  const perPage = Number(perPageText);
  if (!/^\d+$/.test(perPageText) || perPage < 1 || perPage > 100) return invalidParam(s, 'per_page', 'per_page must be between 1 (inclusive) and 100 (inclusive)');
  const pageText = req.query.get('page') ?? '1';
  const page = Number(pageText);
  if (!/^\d+$/.test(pageText) || page < 1) return invalidParam(s, 'page', 'page must be greater than or equal to 1');
  const total = all.length;
  const totalPages = Math.ceil(total / perPage);
  const items = s.kit.pageFaults(listing, page - 1, all, (page - 1) * perPage, perPage);
  const json = items.map(view);
  await s.kit.pageServed(listing);
  const link = (n: number) => {
    const url = new URL(req.url);
    url.searchParams.set('page', String(n));
    url.searchParams.delete('consumer_secret');
    return `<${url.toString()}>`;
  };
  const links: string[] = [];
  if (page > 1 && page <= totalPages + 1) links.push(`${link(page - 1)}; rel="prev"`);
  if (page < totalPages) links.push(`${link(page + 1)}; rel="next"`);
  const headers: Record<string, string> = { 'x-wp-total': String(total), 'x-wp-totalpages': String(totalPages) };
  if (links.length > 0) headers.link = links.join(', ');
  return { json, headers };
}
