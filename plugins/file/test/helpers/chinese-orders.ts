import iconv from 'iconv-lite';

/**
 * A small Chinese order export as channel back-offices produce it: Chinese headers, a quoted
 * address holding the delimiter, a quoted note spanning two lines, an empty note.
 */
export const CHINESE_ORDERS = [
  '订单编号,下单时间,客户名称,收货地址,金额,备注',
  'A001,2024-03-01 10:00:00,张三,"北京市朝阳区建国路88号, 3层",128.50,',
  'A002,2024-03-01 11:30:00,李四,上海市浦东新区,66.00,"请尽快发货',
  '谢谢"',
  'A003,2024-03-02 09:15:00,王五,广州市天河区,"1,024.00",不要辣',
  '',
].join('\r\n');

/** The records CHINESE_ORDERS holds, with 订单编号 and 下单时间 mapped to order_no and created_at. */
export const CHINESE_RECORDS = [
  { order_no: 'A001', created_at: '2024-03-01 10:00:00', 客户名称: '张三', 收货地址: '北京市朝阳区建国路88号, 3层', 金额: '128.50' },
  { order_no: 'A002', created_at: '2024-03-01 11:30:00', 客户名称: '李四', 收货地址: '上海市浦东新区', 金额: '66.00', 备注: '请尽快发货\r\n谢谢' },
  { order_no: 'A003', created_at: '2024-03-02 09:15:00', 客户名称: '王五', 收货地址: '广州市天河区', 金额: '1,024.00', 备注: '不要辣' },
];

export const CHINESE_COLUMNS = { 订单编号: 'order_no', 下单时间: 'created_at' };

export function encode(text: string, encoding: 'utf8' | 'utf8-bom' | 'gbk' | 'gb18030'): Buffer {
  if (encoding === 'utf8') return Buffer.from(text, 'utf8');
  if (encoding === 'utf8-bom') return Buffer.from(`\uFEFF${text}`, 'utf8');
  return iconv.encode(text, encoding);
}
