import type { DataRecord } from '@datong/sdk';
import type { OrderRow } from './yonbip-api.js';
import type { SinkSettings } from './sink-settings.js';

export const ORDER_KEY = 'order_key';
export const ORDER_CUSTOMER_KEY = 'customer_key';

type Settings = Pick<SinkSettings, 'salesOrgId' | 'transactionTypeId' | 'currency'>;

interface Line {
  productId: string;
  qty: number;
  oriTaxUnitPrice: string;
  oriSum: string;
}

/**
 * The singleSave `data` of an order record: code = datong's key (manual numbering), agentId =
 * the customer's merchant code (the link to the customer), sales org and transaction type from
 * the config. `existing` is the line ids of the order YonBIP holds (by line number): then the
 * order is an Update, its lines updated in place, added, or deleted when the record has fewer.
 */
export function orderData(key: string, record: DataRecord, settings: Settings, existing?: { id: string | number; lineIds: (string | number)[] }): Record<string, unknown> {
  const lines = (Array.isArray(record.orderDetails) ? record.orderDetails : []) as Line[];
  const details: Record<string, unknown>[] = lines.map((line, i) => {
    const lineId = existing?.lineIds[i];
    return {
      ...(lineId === undefined ? { _status: 'Insert' } : { _status: 'Update', id: lineId }),
      productId: line.productId,
      qty: line.qty,
      oriTaxUnitPrice: line.oriTaxUnitPrice,
      oriSum: line.oriSum,
    };
  });
  for (const lineId of existing?.lineIds.slice(lines.length) ?? []) details.push({ _status: 'Delete', id: lineId });
  return {
    ...(existing === undefined ? { _status: 'Insert' } : { _status: 'Update', id: existing.id }),
    code: key,
    vouchdate: record.vouchdate,
    agentId: record[ORDER_CUSTOMER_KEY],
    salesOrgId: settings.salesOrgId,
    transactionTypeId: settings.transactionTypeId,
    'orderPrices!currency': typeof record.currency === 'string' && record.currency !== '' ? record.currency : settings.currency,
    'orderPrices!exchRate': 1,
    'orderPrices!taxInclusive': true,
    memo: typeof record.memo === 'string' ? record.memo : null,
    orderDetails: details,
  };
}

/**
 * An order in the record's shape from its list rows (one per line, header repeated): what
 * read-back gives. The customer is the merchant code: `agentId_code` where the row has it, else
 * `customerCode` (what the agentId's merchant is coded). The product is `productCode` where the row has one.
 */
export function orderRecord(key: string, rows: OrderRow[], customerCode: string | undefined): DataRecord {
  const sorted = [...rows].sort((a, b) => Number(a.lineno ?? 0) - Number(b.lineno ?? 0));
  const head = sorted[0]!;
  const prices = (head.orderPrices ?? {}) as Record<string, unknown>;
  return {
    [ORDER_KEY]: key,
    [ORDER_CUSTOMER_KEY]: typeof head.agentId_code === 'string' ? head.agentId_code : customerCode ?? String(head.agentId),
    vouchdate: head.vouchdate,
    currency: prices.currency ?? null,
    memo: head.memo ?? null,
    orderDetails: sorted.map((row) => ({
      productId: String(row.productCode ?? row.productId),
      qty: Number(row.qty),
      oriTaxUnitPrice: String(row.oriTaxUnitPrice),
      oriSum: String(row.oriSum),
    })),
  };
}
