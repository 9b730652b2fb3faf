import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';

/**
 * The same shop, two more destinations: the operations team's Jiandaoyun (简道云) forms and the
 * store manager's spreadsheet. pipeline.yaml gains a `jdy` sink (the Jiandaoyun plugin; its
 * form ids and key from the .env `datong emulate jiandaoyun --write-env` wrote) and a `sheets`
 * sink (the file plugin with `workbook:`: one XLSX workbook per run, a sheet per object), and
 * four stages reading the shop's customers and orders into them.
 */
export function addErpAndSheet(project: string): void {
  const file = join(project, 'pipeline.yaml');
  let text = readFileSync(file, 'utf8');
  text = text.replace(/^sinks:\n/m, `sinks:
  jdy:
    plugin: "@datong/plugin-jiandaoyun"
    config:
      apiKey: { env: JIANDAOYUN_API_KEY }
      # Only for the emulator (datong emulate jiandaoyun); remove it for the real Jiandaoyun.
      baseUrl: { env: JIANDAOYUN_BASE_URL }
      forms:
        customers: { appId: { env: JIANDAOYUN_APP_ID }, entryId: { env: JIANDAOYUN_CUSTOMERS_ENTRY_ID } }
        orders: { appId: { env: JIANDAOYUN_APP_ID }, entryId: { env: JIANDAOYUN_ORDERS_ENTRY_ID } }
  sheets:
    plugin: "@datong/plugin-file"
    config: { dir: exports, format: ndjson, workbook: "shop-{date}-{time}.xlsx" }
`);
  text = `${text.trimEnd()}
  - name: jdy-customers
    from: shop.customers
    to: jdy.customers
    key: [customer_key]
    map:
      customer_key: id
      客户名称: { expr: "$join([last_name, first_name], ' ')" }
      手机: phone
      邮箱: email
      累计消费: { from: amount_spent, type: number }
      渠道: { const: shopify }
  - name: jdy-orders
    after: [jdy-customers]
    from: shop.orders
    to: jdy.orders
    key: [order_key]
    where: "$type(customer_key) = 'string'"   # guest checkouts have no customer record to link to: the sheet keeps them
    map:
      order_key: id
      customer_key: customer_id
      订单状态: lifecycle_status
      支付状态: payment_status
      发货状态: fulfillment_status
      退款状态: refund_status
      订单金额: { from: current_total_price, type: number }
      币种: currency_code
      下单时间: created_at
      渠道: { const: shopify }
  - name: sheet-customers
    from: shop.customers
    to: sheets.customers
    key: [customer]
    map: { customer: id, name: display_name, email: email, phone: phone, orders: number_of_orders, spent: { from: amount_spent, type: number } }
  - name: sheet-orders
    from: shop.orders
    to: sheets.orders
    key: [order]
    map: { order: name, customer: customer_name, total: { from: current_total_price, type: number }, currency: currency_code, status: lifecycle_status, payment: payment_status, fulfillment: fulfillment_status, placed: created_at }
`;
  writeFileSync(file, text);
}

/** The run workbooks in the project's exports/, oldest first, each with its sheets' row counts. */
export async function workbooks(project: string): Promise<{ file: string; sheets: { name: string; rows: number }[] }[]> {
  const dir = join(project, 'exports');
  const out: { file: string; sheets: { name: string; rows: number }[] }[] = [];
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.xlsx')).sort()) {
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(join(dir, file));
    out.push({ file, sheets: book.worksheets.map((s) => ({ name: s.name, rows: s.rowCount - 1 })) });
  }
  return out;
}
