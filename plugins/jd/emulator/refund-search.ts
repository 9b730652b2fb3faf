import type { EmulatorKit, EmulatorResponse } from '@datong/sdk/emulator';
import { chinaTime, fromChinaTime } from './gateway-signature.js';
import type { OrderStore } from './order-store.js';

export interface RefundSearchSettings {
  kit: EmulatorKit;
  store: OrderStore;
  maxWindowMs: number;
  maxPageSize: number;
}

function refused(code: string, message: string): EmulatorResponse {
  return { json: { code: '0', queryResult: { success: false, errorCode: code, errorMessage: message } } };
}

/**
 * jingdong.pop.afs.soa.refundapply.queryPageList: refund applications filtered by apply time and/or
 * check (review) time, both bounds included (UNCONFIRMED), status and orderId optional; pageIndex
 * 1–100, pageSize 1–50; newest application first (UNCONFIRMED).
 */
export function refundSearch(settings: RefundSearchSettings) {
  return (b: Record<string, unknown>): EmulatorResponse => {
    const range = (name: 'apply' | 'check') => {
      const start = b[`${name}TimeStart`];
      const end = b[`${name}TimeEnd`];
      if (start === undefined && end === undefined) return undefined;
      return { start: fromChinaTime(String(start ?? '')), end: fromChinaTime(String(end ?? '')) };
    };
    const apply = range('apply');
    const check = range('check');
    for (const r of [apply, check]) {
      if (!r) continue;
      if (Number.isNaN(r.start) || Number.isNaN(r.end) || r.end < r.start) return refused('1001', '时间格式错误或结束时间早于开始时间');
      if (r.end - r.start > settings.maxWindowMs) return refused('1002', '查询时间跨度过大');
    }
    const page = Number(b.pageIndex ?? 1);
    const size = Number(b.pageSize ?? 10);
    if (!Number.isInteger(page) || page < 1 || page > 100) return refused('1003', 'pageIndex范围1-100');
    if (!Number.isInteger(size) || size < 1 || size > settings.maxPageSize) return refused('1004', `pageSize范围1-${settings.maxPageSize}`);
    const within = (ms: number | null, r: { start: number; end: number } | undefined) => r === undefined || (ms !== null && ms >= r.start && ms <= r.end);
    const all = settings.store.refunds
      .filter((f) => within(f.applyMs, apply) && within(f.checkMs, check))
      .filter((f) => b.status === undefined || String(b.status) === '' || String(f.status) === String(b.status))
      .filter((f) => b.orderId === undefined || String(b.orderId) === '' || f.orderId === String(b.orderId))
      .sort((x, y) => y.applyMs - x.applyMs || (x.id < y.id ? -1 : 1));
    const listing = `refunds:${JSON.stringify(apply ?? check)}`;
    const served = settings.kit.pageFaults(listing, page - 1, all, (page - 1) * size, size);
    void settings.kit.pageServed(listing);
    return {
      json: {
        code: '0',
        queryResult: {
          success: true,
          totalCount: all.length,
          result: served.map((f) => ({
            id: f.id,
            orderId: f.orderId,
            status: f.status,
            applyTime: chinaTime(f.applyMs),
            checkTime: f.checkMs === null ? '' : chinaTime(f.checkMs),
            modified: chinaTime(f.modifiedMs),
            checkUserName: f.checkMs === null ? '' : 'seller-admin',
            applyRefundSum: f.sumFen,
            buyerId: '',
            buyerName: `${f.buyer.person.name.slice(0, 1)}**`,
            open_id_buyer: f.buyer.openId,
            xid_buyer: f.buyer.xid,
          })),
        },
      },
    };
  };
}
