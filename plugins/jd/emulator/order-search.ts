import type { EmulatorKit, EmulatorResponse } from '@datong/sdk/emulator';
import { fromChinaTime } from './gateway-signature.js';
import { JD_ORDER_STATES, type OrderStore } from './order-store.js';
import { orderInfo, pick } from './order-view.js';

export interface OrderSearchSettings {
  kit: EmulatorKit;
  store: OrderStore;
  appSecret: string;
  venderId: string;
  maxWindowMs: number;
  maxPageSize: number;
}

/** A search JOS refuses for its parameters: success false in apiResult (field names UNCONFIRMED). */
function refused(zh: string, en: string): EmulatorResponse {
  return { json: { code: '0', searchorderinfo_result: { apiResult: { success: false, code: '100', numberCode: 100, chineseErrorMsg: zh, englistErrorMsg: en } } } };
}

/**
 * jingdong.pop.order.enSearch / search: orders whose modified time (dateType 0, the default) or
 * creation time (dateType 1) lies in [start_date, end_date] (both included, UNCONFIRMED), in the
 * given states, newest first (sortType 1 or absent; 0 = oldest first), paged by page/page_size.
 */
export function orderSearch(settings: OrderSearchSettings, encrypted: boolean) {
  return (b: Record<string, unknown>): EmulatorResponse => {
    const start = fromChinaTime(String(b.start_date ?? ''));
    const end = fromChinaTime(String(b.end_date ?? ''));
    if (Number.isNaN(start) || Number.isNaN(end)) return refused('start_date和end_date必填,格式yyyy-MM-dd HH:mm:ss', 'start_date and end_date are required');
    if (end < start) return refused('结束时间不能早于开始时间', 'end_date is before start_date');
    if (end - start > settings.maxWindowMs) return refused('查询时间范围不能超过一个月', 'the date range may not exceed one month');
    const states = String(b.order_state ?? '').split(',').filter(Boolean);
    if (states.length === 0) return refused('order_state必填', 'order_state is required');
    const unknown = states.filter((s) => !(JD_ORDER_STATES as readonly string[]).includes(s));
    if (unknown.length > 0) return refused(`无效的订单状态: ${unknown.join(',')}`, `unknown order_state ${unknown.join(',')}`);
    const fields = new Set(String(b.optional_fields ?? '').split(',').filter(Boolean));
    if (fields.size === 0) return refused('optional_fields必填', 'optional_fields is required');
    const page = Number(b.page ?? 1);
    const size = Number(b.page_size ?? 20);
    if (!Number.isInteger(page) || page < 1) return refused('page必须大于0', 'page must be 1 or more');
    if (!Number.isInteger(size) || size < 1 || size > settings.maxPageSize) return refused(`page_size范围1-${settings.maxPageSize}`, `page_size must be 1..${settings.maxPageSize}`);
    const byCreated = String(b.dateType ?? '0') === '1';
    const asc = String(b.sortType ?? '1') === '0';
    const timeOf = (o: { createdMs: number; modifiedMs: number }) => (byCreated ? o.createdMs : o.modifiedMs);
    const all = settings.store.orders
      .filter((o) => states.includes(o.state) && timeOf(o) >= start && timeOf(o) <= end)
      .sort((x, y) => (asc ? 1 : -1) * (timeOf(x) - timeOf(y) || (x.orderId < y.orderId ? -1 : 1)));
    const listing = `orders:${String(b.start_date)}:${String(b.end_date)}`;
    const served = settings.kit.pageFaults(listing, page - 1, all, (page - 1) * size, size);
    const list = served.map((o) => pick(orderInfo(o, encrypted, settings.appSecret, settings.venderId), fields));
    void settings.kit.pageServed(listing);
    return { json: { code: '0', searchorderinfo_result: { apiResult: { success: true, code: '', chineseErrorMsg: '', englistErrorMsg: '' }, orderTotal: all.length, orderInfoList: list } } };
  };
}
