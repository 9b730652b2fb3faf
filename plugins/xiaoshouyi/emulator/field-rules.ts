import type { XobjectStore } from './xobject-store.js';

type FieldType = 'text' | 'number' | 'lookup';

/** Fields every xobject answers in XOQL but nobody writes. */
const SYSTEM_FIELDS = ['id', 'createdAt', 'updatedAt', 'createdBy', 'updatedBy'];

/**
 * The fields the emulated tenant has on each xobject: the standard ones the sink's contracts name
 * (as Xiaoshouyi spells them) and the datong custom fields (`__c`) an admin creates before the
 * first run. A field outside these is refused, as Xiaoshouyi refuses an unknown API key.
 */
export const OBJECT_FIELDS: Record<string, Record<string, FieldType>> = {
  account: {
    accountName: 'text', phone: 'text', address: 'text', zipCode: 'text', comment: 'text', ownerId: 'number',
    datong_key__c: 'text', datong_tier__c: 'text', datong_tags__c: 'text',
  },
  order: {
    accountId: 'lookup', amount: 'number', comment: 'text', po: 'text', transactionDate: 'number', ownerId: 'number',
    datong_key__c: 'text', datong_status__c: 'text', datong_payment_status__c: 'text', datong_fulfillment_status__c: 'text', datong_refund_status__c: 'text',
  },
  opportunity: {
    opportunityName: 'text', accountId: 'lookup', money: 'number', amount: 'number', comment: 'text', ownerId: 'number',
    datong_key__c: 'text', datong_status__c: 'text', datong_payment_status__c: 'text', datong_fulfillment_status__c: 'text', datong_refund_status__c: 'text',
  },
};

/** Whether XOQL may name this field of this object. */
export function queryable(object: string, field: string): boolean {
  return SYSTEM_FIELDS.includes(field) || field in (OBJECT_FIELDS[object] ?? {});
}

/**
 * Why Xiaoshouyi would refuse this create or update, naming the field; undefined when it takes it.
 * Rules: known fields only; text is text, numbers are numbers; account.accountName required and at
 * most `maxNameLength` characters (UNCONFIRMED length); an order's accountId names an account.
 */
export function refusal(object: string, data: Record<string, unknown>, creating: boolean, store: XobjectStore, maxNameLength: number): string | undefined {
  const fields = OBJECT_FIELDS[object];
  if (!fields) return `object ${object} does not exist`;
  for (const [field, value] of Object.entries(data)) {
    const type = fields[field];
    if (type === undefined) return `${field}: field does not exist on ${object} (字段不存在)`;
    if (value === null) continue;
    if (type === 'text' && typeof value !== 'string') return `${field}: must be text (字段类型错误)`;
    if (type === 'number' && (typeof value !== 'number' || !Number.isFinite(value))) return `${field}: must be a number (字段类型错误)`;
    if (type === 'lookup' && (typeof value !== 'number' || !store.get('account', value))) return `${field}: no account with id ${String(value)} (关联数据不存在)`;
  }
  if (object === 'account') {
    const name = data.accountName;
    if ((creating || 'accountName' in data) && (typeof name !== 'string' || name.trim() === '')) return 'accountName: required field is empty (必填字段为空)';
    if (typeof name === 'string' && [...name].length > maxNameLength) return `accountName: longer than ${maxNameLength} characters (超出长度限制)`;
  }
  if (object === 'order' && creating && (data.accountId === undefined || data.accountId === null)) return 'accountId: required field is empty (必填字段为空)';
  if (typeof data.amount === 'number' && data.amount < 0) return 'amount: must not be negative';
  return undefined;
}
