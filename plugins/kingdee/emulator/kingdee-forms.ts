/** What one field holds: text, a base-data ref by number, a number, a date, or a flag. */
export type FieldKind = 'text' | 'ref' | 'number' | 'date' | 'bool';

export interface FieldDef {
  kind: FieldKind;
  /** The caption Kingdee's messages name the field by. */
  label: string;
  required?: boolean;
  /** Text fields: the longest value; 'name' uses the nameMaxLength setting, 'number' numberMaxLength. */
  max?: number | 'name' | 'number';
}

/** A form as the emulator knows it: the fields of BD_Customer and SAL_SaleOrder from the docs' Model templates. */
export interface FormDef {
  formId: string;
  /** The caption, for messages. */
  label: string;
  idField: string;
  numberField: string;
  /** Header fields (sub-object fields such as FSaleOrderFinance's are listed here too). */
  fields: Record<string, FieldDef>;
  /** Sub-objects whose fields live on the header: FSaleOrderFinance{FSettleCurrId...}. */
  subObjects: string[];
  entry?: { key: string; label: string; fields: Record<string, FieldDef> };
  /** Whether a save with no number gets one from the coding rule (bills) or is refused (base data). */
  autoNumber: boolean;
}

const text = (label: string, extra: Partial<FieldDef> = {}): FieldDef => ({ kind: 'text', label, max: 255, ...extra });
const ref = (label: string, extra: Partial<FieldDef> = {}): FieldDef => ({ kind: 'ref', label, ...extra });

export const CUSTOMER_FORM: FormDef = {
  formId: 'BD_Customer',
  label: '客户',
  idField: 'FCUSTID',
  numberField: 'FNumber',
  autoNumber: false,
  subObjects: ['FT_BD_CUSTOMEREXT'],
  fields: {
    FNumber: text('编码', { required: true, max: 'number' }),
    FName: text('客户名称', { required: true, max: 'name' }),
    FShortName: text('简称', { max: 'name' }),
    FTEL: text('联系电话'),
    FFAX: text('传真'),
    FZIP: text('邮政编码'),
    FADDRESS: text('通讯地址'),
    FDescription: text('描述'),
    FTAXREGISTERCODE: text('纳税登记号'),
    FCreateOrgId: ref('创建组织', { required: true }),
    FUseOrgId: ref('使用组织', { required: true }),
    FGroup: ref('客户分组'),
    FCustTypeId: ref('客户类别'),
    FCOUNTRY: ref('国家'),
    FPROVINCIAL: ref('地区'),
    FTRADINGCURRID: ref('结算币别'),
    FSETTLETYPEID: ref('结算方式'),
    FInvoiceType: text('发票类型'),
    FIsGroup: { kind: 'bool', label: '集团客户' },
    FIsTrade: { kind: 'bool', label: '是否交易客户' },
    FEnableSL: { kind: 'bool', label: '启用商联在线' },
  },
};

export const SALES_ORDER_FORM: FormDef = {
  formId: 'SAL_SaleOrder',
  label: '销售订单',
  idField: 'FID',
  numberField: 'FBillNo',
  autoNumber: true,
  subObjects: ['FSaleOrderFinance'],
  fields: {
    FBillNo: text('单据编号', { max: 'number' }),
    FBillTypeID: ref('单据类型'),
    FDate: { kind: 'date', label: '日期', required: true },
    FSaleOrgId: ref('销售组织', { required: true }),
    FCustId: ref('客户', { required: true }),
    FSaleDeptId: ref('销售部门'),
    FSalerId: ref('销售员', { required: true }),
    FReceiveId: ref('收货方'),
    FSettleId: ref('结算方'),
    FNote: text('备注'),
    FSettleCurrId: ref('结算币别'),
    FIsIncludedTax: { kind: 'bool', label: '是否含税' },
    FExchangeTypeId: ref('汇率类型'),
  },
  entry: {
    key: 'FSaleOrderEntry',
    label: '订单明细',
    fields: {
      FMaterialId: ref('物料编码', { required: true }),
      FUnitID: ref('销售单位', { required: true }),
      FQty: { kind: 'number', label: '销售数量', required: true },
      FPrice: { kind: 'number', label: '单价' },
      FTaxPrice: { kind: 'number', label: '含税单价' },
      FEntryTaxRate: { kind: 'number', label: '税率%' },
      FDeliveryDate: { kind: 'date', label: '要货日期' },
      FEntryNote: text('备注'),
      FIsFree: { kind: 'bool', label: '是否赠品' },
    },
  },
};

export const FORMS: FormDef[] = [CUSTOMER_FORM, SALES_ORDER_FORM];

/** The form by id, case-insensitively (Kingdee's form ids are). */
export function formById(formId: unknown): FormDef | undefined {
  const id = String(formId ?? '').toLowerCase();
  return FORMS.find((f) => f.formId.toLowerCase() === id);
}

/** The canonical key of a field in `fields`, matched case-insensitively, as Kingdee matches keys. */
export function canonical(fields: Record<string, FieldDef>, key: string): string | undefined {
  const lower = key.toLowerCase();
  return Object.keys(fields).find((k) => k.toLowerCase() === lower);
}

/** A field value as sent, parsed by its kind; a string is the reason it is refused. */
export function parseValue(def: FieldDef, value: unknown): { value: unknown } | { refused: string } {
  if (value === null || value === undefined) return { value: def.kind === 'text' ? '' : null };
  switch (def.kind) {
    case 'text':
      return typeof value === 'string' || typeof value === 'number' ? { value: String(value) } : { refused: 'must be text' };
    case 'ref': {
      if (typeof value !== 'object' || Array.isArray(value)) return { refused: 'must be a ref such as {"FNumber":"..."}' };
      const entry = Object.entries(value as Record<string, unknown>).find(([k]) => ['fnumber', 'fnumber'].includes(k.toLowerCase()));
      if (!entry) return { refused: 'must be a ref such as {"FNumber":"..."}' };
      const number = entry[1] === null || entry[1] === undefined ? '' : String(entry[1]);
      return { value: number === '' ? null : number };
    }
    case 'number': {
      const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
      return typeof n === 'number' && Number.isFinite(n) ? { value: n } : { refused: 'must be a number' };
    }
    case 'date': {
      const s = String(value);
      if (s === '') return { value: null };
      const m = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2}:\d{2}))?/.exec(s);
      return m ? { value: `${m[1]}T${m[2] ?? '00:00:00'}` } : { refused: 'must be a date (yyyy-MM-dd)' };
    }
    case 'bool':
      return typeof value === 'boolean' ? { value } : value === 'true' || value === 'false' ? { value: value === 'true' } : { refused: 'must be true or false' };
  }
}
