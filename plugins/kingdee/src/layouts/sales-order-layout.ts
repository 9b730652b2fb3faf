import type { DataRecord } from '@datong/sdk';
import type { SinkSettings } from '../sink-settings.js';
import { nullable, ref, text, type FormLayout } from './form-layout.js';

const ENTRY = 'FSaleOrderEntry';
/** The order header fields read back, after FID and FBillNo. */
const HEADER = ['FDate', 'FCustId.FNumber', 'FSalerId.FNumber', 'FSettleCurrId.FNumber', 'FNote'];
/** The line fields read back; the entry id orders the lines. */
const LINE = ['FSaleOrderEntry_FEntryID', 'FMaterialId.FNumber', 'FUnitID.FNumber', 'FQty', 'FTaxPrice', 'FEntryNote'];

interface Line {
  FMaterialId?: unknown;
  FUnitID?: unknown;
  FQty?: unknown;
  FTaxPrice?: unknown;
  FEntryNote?: unknown;
}

/**
 * Sales orders as SAL_SaleOrder: datong's order_key is the bill number FBillNo (internal id FID);
 * customer_key links the order to its customer as FCustId{FNumber}; the sales org is the config's
 * orgNumber, the bill type its orderBillType. Lines are written whole: IsDeleteEntry true deletes
 * the lines Kingdee held that the Model leaves out, so a replay or an update never doubles them
 * (the lines carry no FEntryID, so they would be added next to the old ones otherwise).
 */
export class SalesOrderLayout implements FormLayout {
  readonly object = 'salesOrders';
  readonly formId = 'SAL_SaleOrder';
  readonly idField = 'FID';
  readonly numberField = 'FBillNo';
  readonly keyField = 'order_key';
  readonly isDeleteEntry = true;
  readonly readFields = ['FID', 'FBillNo', ...HEADER, ...LINE];
  readonly orderString = 'FBillNo ASC,FSaleOrderEntry_FEntryID ASC';

  constructor(private readonly settings: Pick<SinkSettings, 'orgNumber' | 'orderBillType'>) {}

  model(key: string, record: DataRecord, id: number): Record<string, unknown> {
    const model: Record<string, unknown> = {
      FID: id,
      FBillTypeID: ref(this.settings.orderBillType),
      FBillNo: key,
      FDate: text(record.FDate),
      FSaleOrgId: ref(this.settings.orgNumber),
      FCustId: ref(record.customer_key),
      FSalerId: ref(record.FSalerId),
    };
    if ('FNote' in record) model.FNote = text(record.FNote);
    if ('FSettleCurrId' in record) model.FSaleOrderFinance = { FSettleCurrId: ref(record.FSettleCurrId) };
    const lines = Array.isArray(record[ENTRY]) ? (record[ENTRY] as Line[]) : [];
    model[ENTRY] = lines.map((line) => {
      const entry: Record<string, unknown> = {
        FMaterialId: ref(line.FMaterialId),
        FUnitID: ref(line.FUnitID),
        FQty: Number(line.FQty),
        // Required by the form; an e-commerce order is delivered from its order date on.
        FDeliveryDate: text(record.FDate),
      };
      if ('FTaxPrice' in line) entry.FTaxPrice = line.FTaxPrice === null ? 0 : Number(line.FTaxPrice);
      if ('FEntryNote' in line) entry.FEntryNote = text(line.FEntryNote);
      return entry;
    });
    return model;
  }

  updateFields(record: DataRecord): string[] {
    const fields = ['FBillNo', 'FDate', 'FCustId', 'FSalerId', ENTRY, 'FMaterialId', 'FUnitID', 'FQty', 'FDeliveryDate', 'FTaxPrice', 'FEntryNote'];
    if ('FNote' in record) fields.push('FNote');
    if ('FSettleCurrId' in record) fields.push('FSettleCurrId');
    return fields;
  }

  records(rows: unknown[][]): Map<string, DataRecord> {
    const orders = new Map<string, { record: DataRecord; lines: { id: number; line: Line }[] }>();
    for (const row of rows) {
      const [, billNo, date, customer, saler, currency, note, entryId, material, unit, qty, price, entryNote] = row;
      const key = String(billNo);
      let order = orders.get(key);
      if (!order) {
        const record: DataRecord = {
          order_key: key,
          customer_key: text(customer),
          FDate: text(date).slice(0, 10),
          FSalerId: text(saler),
          FSettleCurrId: nullable(currency),
          FNote: nullable(note),
        };
        order = { record, lines: [] };
        orders.set(key, order);
      }
      if (entryId === null || entryId === undefined || entryId === 0) continue;
      order.lines.push({
        id: Number(entryId),
        line: { FMaterialId: text(material), FUnitID: text(unit), FQty: Number(qty), FTaxPrice: price === null || price === undefined ? null : Number(price), FEntryNote: nullable(entryNote) },
      });
    }
    return new Map(
      [...orders].map(([key, { record, lines }]) => [key, { ...record, [ENTRY]: lines.sort((a, b) => a.id - b.id).map((l) => l.line) }]),
    );
  }
}
