/**
 * The words the generator draws from. A few entries are there on purpose to test escaping:
 * apostrophes and double quotes (SQL literals, CSV), a backslash and a tab (COPY text format),
 * emoji outside the BMP (UTF-16 surrogate pairs split across read chunks).
 */

export const SHOPS = [
  ['tmall', 40],
  ['taobao', 20],
  ['jd', 25],
  ['pdd', 10],
  ['douyin', 5],
] as const;

/** Order number prefix per shop, as each platform's export shows it. */
export const ORDER_PREFIX: Record<string, string> = {
  tmall: 'TB',
  taobao: 'TB',
  jd: 'JD',
  pdd: 'PDD',
  douyin: 'DY',
};

export const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '黄', '赵', '吴', '周', '徐', '孙', '马', '朱', '胡', '郭', '何', '林', '欧阳', '司马'];

export const GIVEN_NAMES = ['伟', '芳', '娜', '秀英', '敏', '静', '丽', '强', '磊', '军', '洋', '勇', '艳', '杰', '娟', '涛', '明', '超', '秀兰', '霞', '婷婷', '子涵', '一诺', '浩然'];

export const ENGLISH_NAMES = ['Lucy Wang', 'Tom Chen', "Sean O'Brien", 'Zoë Li', 'Mike "MJ" Zhang', 'anna_lee88', 'Kevin Liu', 'Grace Ho', 'J.D. Smith', 'Chloé Martin'];

/** Taobao-style nicknames: mixed scripts, emoji, masked ids. */
export const NICKNAMES = ['tb_8823641', '小猫爱吃鱼🐟', '快乐的小王', 'jd_5a3f9c2e', '买买买🛒2026', '星星✨', 'pdd用户_7731', '阿花\t的店'];

export const PRODUCTS = [
  { sku: 'TSHIRT-COT-WHT-M', title: '纯棉圆领T恤 白色 M码', price: 5900 },
  { sku: 'TSHIRT-COT-BLK-L', title: '纯棉圆领T恤 黑色 L码', price: 5900 },
  { sku: 'JEANS-SLIM-32', title: '修身牛仔裤 32码', price: 19900 },
  { sku: 'SNEAKER-RUN-42', title: '轻量跑步鞋 42码', price: 39900 },
  { sku: 'SOCKS-5PK', title: '运动袜 5双装', price: 2990 },
  { sku: 'TEA-LONGJING-250', title: '西湖龙井 明前特级 250g', price: 26800 },
  { sku: 'TEA-PUER-357', title: '云南普洱 熟茶饼 357g', price: 12800 },
  { sku: 'RICE-WUCHANG-5KG', title: '五常大米 5kg', price: 8990 },
  { sku: 'OIL-PEANUT-5L', title: '压榨花生油 5L', price: 13900 },
  { sku: 'SNACK-NUTS-MIX', title: '每日坚果 30袋 "礼盒装"', price: 9900 },
  { sku: 'PHONE-CASE-15', title: 'Phone 15 case, clear/transparent', price: 3900 },
  { sku: 'CABLE-USBC-2M', title: 'USB-C 快充线 2m', price: 2900 },
  { sku: 'CHARGER-65W', title: '65W 氮化镓充电器', price: 12900 },
  { sku: 'EARBUDS-BT', title: '蓝牙耳机 降噪版', price: 29900 },
  { sku: 'MOUSE-WL', title: "Wireless mouse 'silent' edition", price: 7900 },
  { sku: 'KEYBOARD-MECH', title: '机械键盘 红轴 87键', price: 34900 },
  { sku: 'LAMP-DESK-LED', title: 'LED 护眼台灯', price: 15900 },
  { sku: 'PILLOW-LATEX', title: '泰国乳胶枕', price: 16900 },
  { sku: 'TOWEL-COT-3PK', title: '纯棉毛巾 3条装', price: 3990 },
  { sku: 'MUG-CERAMIC', title: '陶瓷马克杯 350ml', price: 2500 },
  { sku: 'PAN-NONSTICK-28', title: '不粘锅 28cm', price: 18900 },
  { sku: 'KNIFE-SET-5', title: '刀具五件套', price: 25900 },
  { sku: 'SHAMPOO-500', title: '洗发水 500ml', price: 4990 },
  { sku: 'CREAM-FACE-50', title: '保湿面霜 50g', price: 22900 },
  { sku: 'LIPSTICK-999', title: '口红 #999 正红色', price: 32000 },
  { sku: 'DIAPER-L-54', title: '纸尿裤 L码 54片', price: 11900 },
  { sku: 'MILK-POWDER-3', title: '婴幼儿奶粉 3段 800g', price: 26800 },
  { sku: 'TOY-BLOCKS-500', title: '积木玩具 500颗粒', price: 9900 },
  { sku: 'BOOK-TS-HANDBOOK', title: 'TypeScript 编程 (第2版)', price: 8900 },
  { sku: 'PATH-ORGANIZER', title: 'Desk organizer C:\\Files 收纳盒', price: 4590 },
  { sku: 'UMBRELLA-AUTO', title: '全自动晴雨伞', price: 5900 },
  { sku: 'BACKPACK-15', title: '15寸 电脑双肩包', price: 15900 },
] as const;
