/** A widget as `widget/list` answers it, plus the emulator's own note of what a link points at. */
export interface WidgetDefinition {
  name: string;
  label: string;
  type: string;
  /** linkdata only: the form (entry_id) whose `_id` the value must be. */
  linkEntryId?: string;
}

export interface FormDefinition {
  appId: string;
  entryId: string;
  name: string;
  widgets: WidgetDefinition[];
}

export const APP_ID = '5f1a2b3c4d5e6f7a8b9c0d1e';
export const CUSTOMERS_ENTRY_ID = '5f1a2b3c4d5e6f7a8b9c0d21';
export const ORDERS_ENTRY_ID = '5f1a2b3c4d5e6f7a8b9c0d22';

/**
 * The two forms a new emulator holds: a customers form and an orders form as a Jiandaoyun user
 * would build them for datong (labels are what records are written with). Widget ids follow the
 * platform's `_widget_<13-digit ms>` pattern.
 */
export function seedForms(): FormDefinition[] {
  return [
    {
      appId: APP_ID,
      entryId: CUSTOMERS_ENTRY_ID,
      name: '客户',
      widgets: [
        { name: '_widget_1432728651401', label: 'customer_key', type: 'text' },
        { name: '_widget_1432728651402', label: '客户名称', type: 'text' },
        { name: '_widget_1432728651403', label: '手机', type: 'text' },
        { name: '_widget_1432728651404', label: '邮箱', type: 'text' },
        { name: '_widget_1432728651405', label: '会员等级', type: 'combo' },
        { name: '_widget_1432728651406', label: '会员标签', type: 'combocheck' },
        { name: '_widget_1432728651407', label: '累计消费', type: 'number' },
        { name: '_widget_1432728651408', label: '渠道', type: 'text' },
      ],
    },
    {
      appId: APP_ID,
      entryId: ORDERS_ENTRY_ID,
      name: '订单',
      widgets: [
        { name: '_widget_1432728652401', label: 'order_key', type: 'text' },
        { name: '_widget_1432728652402', label: 'customer_key', type: 'text' },
        { name: '_widget_1432728652403', label: '客户', type: 'linkdata', linkEntryId: CUSTOMERS_ENTRY_ID },
        { name: '_widget_1432728652404', label: '订单状态', type: 'combo' },
        { name: '_widget_1432728652405', label: '支付状态', type: 'combo' },
        { name: '_widget_1432728652406', label: '发货状态', type: 'combo' },
        { name: '_widget_1432728652407', label: '退款状态', type: 'combo' },
        { name: '_widget_1432728652408', label: '订单金额', type: 'number' },
        { name: '_widget_1432728652409', label: '币种', type: 'text' },
        { name: '_widget_1432728652410', label: '下单时间', type: 'datetime' },
        { name: '_widget_1432728652411', label: '渠道', type: 'text' },
      ],
    },
  ];
}
