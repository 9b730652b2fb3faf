import type { DataRecord } from '@datong/sdk';
import type { SinkSettings } from './sink-settings.js';

/** The record fields of a customer and the merchant fields they become. */
export const CUSTOMER_KEY = 'customer_key';

type Settings = Pick<SinkSettings, 'orgCode' | 'customerClassCode' | 'transTypeCode' | 'tierField' | 'tagsField'>;

const text = (value: unknown): string | undefined => (value === undefined || value === null || value === '' ? undefined : String(value));

/**
 * The merchant of a customer record. `form` picks the name shape: the idempotent newinsert takes
 * `name.simplifiedName`, the older merchant/save `name.zh_CN`. Fields the record leaves out are
 * left out, so an update does not blank them.
 */
export function merchantData(key: string, record: DataRecord, settings: Settings, form: 'newinsert' | 'save'): Record<string, unknown> {
  const name = typeof record.name === 'string' ? record.name : '';
  const data: Record<string, unknown> = {
    code: key,
    name: form === 'newinsert' ? { simplifiedName: name } : { zh_CN: name },
    enterpriseNature: typeof record.enterpriseNature === 'number' ? record.enterpriseNature : 1,
  };
  const customerClass = text(record.customerClassCode) ?? settings.customerClassCode;
  if (customerClass !== undefined) data.customerClassCode = customerClass;
  if (form === 'newinsert') {
    data.createOrgCode = settings.orgCode;
    if (data.enterpriseNature === 1) data.personName = name;
    else data.enterpriseName = name;
    data.merchantApplyRanges = [{ orgIdCode: settings.orgCode }];
    if (settings.transTypeCode !== undefined) data.transTypeCode = settings.transTypeCode;
  }
  if ('contactName' in record || 'mobile' in record || 'email' in record) {
    const contact: Record<string, unknown> = { isDefault: true };
    for (const [field, to] of [['contactName', 'fullName'], ['mobile', 'mobile'], ['email', 'email']] as const) {
      if (field in record) contact[to] = text(record[field]) ?? null;
    }
    data.merchantContactInfos = [contact];
  }
  const define: Record<string, unknown> = {};
  if ('tier' in record) define[settings.tierField] = text(record.tier) ?? null;
  if ('tags' in record) define[settings.tagsField] = Array.isArray(record.tags) ? record.tags.map(String).join(',') : null;
  if (Object.keys(define).length > 0) data.merchantDefine = define;
  return data;
}

/** A merchant as detail answers it, in the record's shape: what read-back gives. */
export function customerRecord(key: string, merchant: Record<string, unknown>, settings: Settings): DataRecord {
  const name = merchant.name as Record<string, unknown> | string | undefined;
  const contacts = Array.isArray(merchant.merchantContactInfos) ? (merchant.merchantContactInfos as Record<string, unknown>[]) : [];
  const contact = contacts.find((c) => c.isDefault === true) ?? contacts[0];
  const define = (merchant.merchantDefine ?? {}) as Record<string, unknown>;
  const tags = text(define[settings.tagsField]);
  return {
    [CUSTOMER_KEY]: key,
    name: typeof name === 'string' ? name : String(name?.simplifiedName ?? name?.zh_CN ?? ''),
    enterpriseNature: typeof merchant.enterpriseNature === 'number' ? merchant.enterpriseNature : Number(merchant.enterpriseNature ?? 1),
    customerClassCode: text(merchant.customerClassCode ?? merchant.customerClass_code) ?? null,
    contactName: text(contact?.fullName) ?? null,
    mobile: text(contact?.mobile) ?? null,
    email: text(contact?.email) ?? null,
    tier: text(define[settings.tierField]) ?? null,
    tags: tags === undefined ? null : tags.split(','),
  };
}
