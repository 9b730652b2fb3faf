import type { RunningEmulator } from '@datong/sdk/emulator';
import { startEmulator as startHubspot, type HubSpotEmulator } from '@datong/plugin-hubspot/emulator';
import { startEmulator as startJiandaoyun, type JiandaoyunEmulator } from '@datong/plugin-jiandaoyun/emulator';
import { startEmulator as startKingdee, type KingdeeEmulator } from '@datong/plugin-kingdee/emulator';
import { startEmulator as startSalesforce, type SalesforceEmulator } from '@datong/plugin-salesforce/emulator';
import { startEmulator as startXiaoshouyi, type XiaoshouyiEmulator } from '@datong/plugin-xiaoshouyi/emulator';
import { startEmulator as startYonbip, type YonbipEmulator } from '@datong/plugin-yonbip/emulator';
import { startEmulator as startU8, type U8Emulator } from '@datong/plugin-yonyou-u8/emulator';
import { startEmulator as startZoho, type ZohoEmulator } from '@datong/plugin-zoho/emulator';

/**
 * What examples/crm-sinks' test needs of each CRM: its emulator, the .env lines the example's
 * pipeline reads (named as `datong emulate <platform> --write-env` names them), and a look at
 * what the emulated CRM holds, read from the emulator's own store rather than through the sink.
 */
export interface CrmUnderTest {
  /** The pipeline file: examples/crm-sinks/<name>.yaml. */
  name: string;
  start(): Promise<RunningEmulator>;
  /** Per customer key: how many records hold it, and the name the latest holds (the family name where the platform keeps one apart, else the whole name). */
  customers(emulator: RunningEmulator): Map<string, { count: number; name: unknown }>;
  /** Per order key: how many records hold it, and the customer key it is linked to. */
  orders(emulator: RunningEmulator): Map<string, { count: number; customerKey: unknown }>;
}

/** `shopify` + `{accessToken}` → `SHOPIFY_ACCESS_TOKEN`, plus `SHOPIFY_BASE_URL`, as `datong emulate` writes them. */
export function envLines(platform: string, emulator: RunningEmulator): string {
  const prefix = platform.toUpperCase().replace(/[^A-Z0-9]+/g, '_');
  const lines = [`${prefix}_BASE_URL=${emulator.url}`];
  for (const [k, v] of Object.entries(emulator.credentials)) lines.push(`${prefix}_${k.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase()}=${v}`);
  return `${lines.join('\n')}\n`;
}

function tally<T>(items: T[], key: (item: T) => unknown, value: (item: T) => Record<string, unknown>): Map<string, { count: number } & Record<string, unknown>> {
  const out = new Map<string, { count: number } & Record<string, unknown>>();
  for (const item of items) {
    const k = key(item);
    if (k === undefined || k === null || k === '') continue;
    const seen = out.get(String(k));
    out.set(String(k), { ...value(item), count: (seen?.count ?? 0) + 1 });
  }
  return out;
}


const hubspot: CrmUnderTest = {
  name: 'hubspot',
  start: () => startHubspot({ seed: 3 }),
  customers(emulator) {
    const { contacts } = (emulator as HubSpotEmulator).store.dump();
    return tally(contacts, (c) => c.properties.datong_key, (c) => ({ name: c.properties.lastname })) as never;
  },
  orders(emulator) {
    const dump = (emulator as HubSpotEmulator).store.dump();
    const keyOfContact = new Map(dump.contacts.map((c) => [c.id, c.properties.datong_key]));
    const contactOf = (dealId: string) => {
      const link = dump.associations.find((a) => (a.fromType === 'deals' && a.fromId === dealId) || (a.toType === 'deals' && a.toId === dealId));
      return link === undefined ? undefined : keyOfContact.get(link.fromType === 'deals' ? link.toId : link.fromId);
    };
    return tally(dump.deals, (d) => d.properties.datong_key, (d) => ({ customerKey: contactOf(d.id) })) as never;
  },
};

/** Zoho: Contacts and Deals, datong's key in the custom field Datong_Key, a deal's contact in its Contact_Name lookup. */
const zoho: CrmUnderTest = {
  name: 'zoho',
  start: () => startZoho({ seed: 3 }),
  customers(emulator) {
    const { Contacts = [] } = (emulator as ZohoEmulator).store.dump();
    return tally(Contacts, (c) => c.fields.Datong_Key, (c) => ({ name: c.fields.Last_Name })) as never;
  },
  orders(emulator) {
    const { Contacts = [], Deals = [] } = (emulator as ZohoEmulator).store.dump();
    const keyOfContact = new Map(Contacts.map((c) => [c.id, c.fields.Datong_Key]));
    const contactOf = (deal: (typeof Deals)[number]) => keyOfContact.get(String((deal.fields.Contact_Name as { id?: unknown } | undefined)?.id));
    return tally(Deals, (d) => d.fields.Datong_Key, (d) => ({ customerKey: contactOf(d) })) as never;
  },
};

/** Salesforce: Contacts and Opportunities, datong's key in the External ID field Datong_Key__c, an opportunity's contact in its lookup Datong_Contact__c (the contact's Id). */
const salesforce: CrmUnderTest = {
  name: 'salesforce',
  start: () => startSalesforce({ seed: 3 }),
  customers(emulator) {
    const { Contact = [] } = (emulator as SalesforceEmulator).dump().records;
    return tally(Contact, (c) => c.fields.Datong_Key__c, (c) => ({ name: c.fields.LastName })) as never;
  },
  orders(emulator) {
    const { Contact = [], Opportunity = [] } = (emulator as SalesforceEmulator).dump().records;
    const keyOfContact = new Map(Contact.map((c) => [c.Id, c.fields.Datong_Key__c]));
    return tally(Opportunity, (o) => o.fields.Datong_Key__c, (o) => ({ customerKey: keyOfContact.get(String(o.fields.Datong_Contact__c)) })) as never;
  },
};

/** Jiandaoyun: two forms, values by widget id; datong's keys in the text widgets labelled customer_key / order_key, an order's customer in its 客户 associated-data widget (the customer's _id). */
const jiandaoyun: CrmUnderTest = {
  name: 'jiandaoyun',
  start: () => startJiandaoyun({ seed: 3 }),
  customers(emulator) {
    return tally(labelled(emulator as JiandaoyunEmulator, 'customers'), (c) => c.customer_key, (c) => ({ name: c['客户名称'] })) as never;
  },
  orders(emulator) {
    const jdy = emulator as JiandaoyunEmulator;
    const keyOfCustomer = new Map(labelled(jdy, 'customers').map((c) => [c._id, c.customer_key]));
    return tally(labelled(jdy, 'orders'), (o) => o.order_key, (o) => ({ customerKey: keyOfCustomer.get(o['客户']) })) as never;
  },
};

/** A Jiandaoyun form's records with their values by widget label (plus `_id`). */
function labelled(jdy: JiandaoyunEmulator, form: 'customers' | 'orders'): Record<string, unknown>[] {
  const entryId = form === 'customers' ? jdy.credentials.customersEntryId : jdy.credentials.ordersEntryId;
  const widgets = jdy.store.forms.get(entryId)!.widgets;
  return jdy.records(form).map((row) => ({ _id: row._id, ...Object.fromEntries(widgets.map((w) => [w.label, row[w.name]])) }));
}

/** Xiaoshouyi: xobjects account and order, datong's key in the custom field datong_key__c, an order's customer in its accountId. */
const xiaoshouyi: CrmUnderTest = {
  name: 'xiaoshouyi',
  start: () => startXiaoshouyi({ seed: 3 }),
  customers(emulator) {
    const { account = [] } = (emulator as XiaoshouyiEmulator).dump();
    return tally(account, (a) => a.fields.datong_key__c, (a) => ({ name: a.fields.accountName })) as never;
  },
  orders(emulator) {
    const { account = [], order = [] } = (emulator as XiaoshouyiEmulator).dump();
    const keyOfAccount = new Map(account.map((a) => [a.id, a.fields.datong_key__c]));
    return tally(order, (o) => o.fields.datong_key__c, (o) => ({ customerKey: keyOfAccount.get(Number(o.fields.accountId)) })) as never;
  },
};

/**
 * Kingdee: BD_Customer and SAL_SaleOrder by number (datong's key is FNumber / FBillNo), an order's
 * customer in its FCustId (a base-data ref, held by the customer's number). A number is unique in
 * a form, so the count is how many records hold it (a replay that created would be refused).
 */
const kingdee: CrmUnderTest = {
  name: 'kingdee',
  start: () => startKingdee({ seed: 3 }),
  customers(emulator) {
    const { BD_Customer = [] } = (emulator as KingdeeEmulator).store.dump();
    return tally(BD_Customer, (c) => c.number, (c) => ({ name: c.fields.FName })) as never;
  },
  orders(emulator) {
    const { BD_Customer = [], SAL_SaleOrder = [] } = (emulator as KingdeeEmulator).store.dump();
    const customerNumbers = new Set(BD_Customer.map((c) => c.number));
    const customerOf = (o: (typeof SAL_SaleOrder)[number]) => (customerNumbers.has(String(o.fields.FCustId)) ? o.fields.FCustId : undefined);
    return tally(SAL_SaleOrder, (o) => o.number, (o) => ({ customerKey: customerOf(o) })) as never;
  },
};

/**
 * Yonyou U8: customers and sale orders by code (datong's key is the code), an order's customer in
 * its custcode. U8 keeps one record per code, so the count is how many adds ever made one; a
 * deactivated customer (end_date) or a voided order counts as gone.
 */
const yonyouU8: CrmUnderTest = {
  name: 'yonyou-u8',
  start: () => startU8({ seed: 3 }),
  customers(emulator) {
    const u8 = emulator as U8Emulator;
    const live = u8.dump().customers.filter((c) => typeof c.end_date !== 'string' || c.end_date === '');
    return new Map(live.map((c) => [String(c.code), { count: u8.countByCode('customer', String(c.code)).created, name: c.name }]));
  },
  orders(emulator) {
    const u8 = emulator as U8Emulator;
    const live = u8.dump().saleorders.filter((o) => o.state !== u8.settings.abandonedState);
    return new Map(live.map((o) => [String(o.code), { count: u8.countByCode('saleorder', String(o.code)).created, customerKey: o.custcode }]));
  },
};

/**
 * YonBIP: merchants and sales orders by code (datong's key is the code), an order's customer in its
 * agentId (the merchant's id). One record per code, so the count is how many creations made one; a
 * stopped merchant counts as gone.
 */
const yonbip: CrmUnderTest = {
  name: 'yonbip',
  start: () => startYonbip({ seed: 3 }),
  customers(emulator) {
    const bip = emulator as YonbipEmulator;
    const live = bip.dump().merchants.filter((m) => !m.stopstatus);
    return new Map(live.map((m) => [m.code, { count: bip.store.creations.get(`customers:${m.code}`) ?? 0, name: m.name.simplifiedName }]));
  },
  orders(emulator) {
    const bip = emulator as YonbipEmulator;
    const { merchants, orders } = bip.dump();
    const codeOfMerchant = new Map(merchants.map((m) => [m.id, m.code]));
    return new Map(orders.map((o) => [o.code, { count: bip.store.creations.get(`salesOrders:${o.code}`) ?? 0, customerKey: codeOfMerchant.get(o.agentId) }]));
  },
};

export const CRMS: CrmUnderTest[] = [hubspot, zoho, salesforce, jiandaoyun, xiaoshouyi, kingdee, yonyouU8, yonbip];
