/**
 * Tables for realistic mainland-Chinese seed data. Surnames are weighted roughly by how common
 * they are; every name carries a pinyin spelling so emails look like the ones real buyers use.
 */

/** [surname, pinyin, weight] */
export const ZH_SURNAMES: readonly (readonly [string, string, number])[] = [
  ['王', 'wang', 72], ['李', 'li', 71], ['张', 'zhang', 66], ['刘', 'liu', 53], ['陈', 'chen', 46],
  ['杨', 'yang', 32], ['赵', 'zhao', 20], ['黄', 'huang', 24], ['周', 'zhou', 20], ['吴', 'wu', 19],
  ['徐', 'xu', 15], ['孙', 'sun', 15], ['胡', 'hu', 14], ['朱', 'zhu', 13], ['高', 'gao', 12],
  ['林', 'lin', 12], ['何', 'he', 12], ['郭', 'guo', 11], ['马', 'ma', 11], ['罗', 'luo', 9],
  ['梁', 'liang', 8], ['宋', 'song', 7], ['郑', 'zheng', 7], ['谢', 'xie', 6], ['韩', 'han', 6],
  ['唐', 'tang', 6], ['冯', 'feng', 6], ['于', 'yu', 5], ['董', 'dong', 5], ['萧', 'xiao', 4],
  ['程', 'cheng', 4], ['曹', 'cao', 4], ['袁', 'yuan', 4], ['邓', 'deng', 4], ['许', 'xu', 4],
  ['傅', 'fu', 3], ['沈', 'shen', 3], ['曾', 'zeng', 3], ['彭', 'peng', 3], ['吕', 'lv', 3],
  ['苏', 'su', 3], ['卢', 'lu', 3], ['蒋', 'jiang', 3], ['蔡', 'cai', 3], ['贾', 'jia', 2],
];

/** [given name, pinyin] — one- and two-character names, both common on the mainland. */
export const ZH_GIVEN_NAMES: readonly (readonly [string, string])[] = [
  ['伟', 'wei'], ['芳', 'fang'], ['娜', 'na'], ['敏', 'min'], ['静', 'jing'], ['丽', 'li'],
  ['强', 'qiang'], ['磊', 'lei'], ['军', 'jun'], ['洋', 'yang'], ['勇', 'yong'], ['艳', 'yan'],
  ['杰', 'jie'], ['娟', 'juan'], ['涛', 'tao'], ['明', 'ming'], ['超', 'chao'], ['霞', 'xia'],
  ['平', 'ping'], ['刚', 'gang'], ['浩', 'hao'], ['婷', 'ting'], ['雪', 'xue'], ['鑫', 'xin'],
  ['秀英', 'xiuying'], ['桂英', 'guiying'], ['建华', 'jianhua'], ['志强', 'zhiqiang'],
  ['丽娟', 'lijuan'], ['海燕', 'haiyan'], ['晓东', 'xiaodong'], ['文博', 'wenbo'],
  ['子涵', 'zihan'], ['梓萱', 'zixuan'], ['一诺', 'yinuo'], ['浩然', 'haoran'],
  ['宇轩', 'yuxuan'], ['思远', 'siyuan'], ['雨桐', 'yutong'], ['俊杰', 'junjie'],
  ['欣怡', 'xinyi'], ['佳琪', 'jiaqi'], ['晨曦', 'chenxi'], ['明轩', 'mingxuan'],
];

/** Mobile number prefixes of the three carriers (China Mobile, Unicom, Telecom). */
export const ZH_MOBILE_PREFIXES = [
  '130', '131', '132', '133', '134', '135', '136', '137', '138', '139', '150', '151', '152', '153',
  '155', '156', '157', '158', '159', '166', '170', '176', '177', '178', '180', '181', '182', '183',
  '184', '185', '186', '187', '188', '189', '191', '198', '199',
] as const;

export const ZH_EMAIL_DOMAINS = ['qq.com', '163.com', '126.com', 'gmail.com'] as const;

export interface ZhDistrict { province: string; city: string; district: string; zip: string }

/** Real province / city / district triples with their postcodes; municipalities repeat as city. */
export const ZH_DISTRICTS: readonly ZhDistrict[] = [
  { province: '北京市', city: '北京市', district: '朝阳区', zip: '100020' },
  { province: '北京市', city: '北京市', district: '海淀区', zip: '100080' },
  { province: '北京市', city: '北京市', district: '东城区', zip: '100010' },
  { province: '上海市', city: '上海市', district: '浦东新区', zip: '200120' },
  { province: '上海市', city: '上海市', district: '徐汇区', zip: '200030' },
  { province: '上海市', city: '上海市', district: '静安区', zip: '200040' },
  { province: '广东省', city: '深圳市', district: '南山区', zip: '518052' },
  { province: '广东省', city: '深圳市', district: '福田区', zip: '518048' },
  { province: '广东省', city: '广州市', district: '天河区', zip: '510630' },
  { province: '广东省', city: '广州市', district: '越秀区', zip: '510030' },
  { province: '浙江省', city: '杭州市', district: '西湖区', zip: '310013' },
  { province: '浙江省', city: '杭州市', district: '滨江区', zip: '310051' },
  { province: '浙江省', city: '宁波市', district: '鄞州区', zip: '315100' },
  { province: '江苏省', city: '南京市', district: '鼓楼区', zip: '210009' },
  { province: '江苏省', city: '苏州市', district: '姑苏区', zip: '215000' },
  { province: '四川省', city: '成都市', district: '武侯区', zip: '610041' },
  { province: '四川省', city: '成都市', district: '锦江区', zip: '610021' },
  { province: '湖北省', city: '武汉市', district: '洪山区', zip: '430070' },
  { province: '天津市', city: '天津市', district: '和平区', zip: '300041' },
  { province: '重庆市', city: '重庆市', district: '渝中区', zip: '400010' },
  { province: '山东省', city: '青岛市', district: '市南区', zip: '266001' },
  { province: '山东省', city: '济南市', district: '历下区', zip: '250011' },
  { province: '福建省', city: '厦门市', district: '思明区', zip: '361001' },
  { province: '陕西省', city: '西安市', district: '雁塔区', zip: '710061' },
];

export const ZH_ROADS = [
  '人民路', '解放路', '中山路', '建设路', '和平路', '长江路', '文化路', '新华路', '科技园路',
  '学院路', '滨江大道', '世纪大道', '建国路', '东风路', '青年路', '湖滨路',
] as const;

export const ZH_PRODUCT_WORDS = {
  style: ['加厚', '轻薄', '无线', '便携式', '纯棉', '真丝', '智能', '复古', '北欧风', '原创设计', '国潮'],
  item: ['保温杯', '蓝牙耳机', '连衣裙', '运动鞋', '双肩包', '茶叶礼盒', '电饭煲', '手机壳', '羽绒服', '护手霜', '机械键盘', '瑜伽垫', '四件套', '收纳盒'],
  spec: ['500ml', 'M码', '2025新款', '礼盒装', '黑色', '白色', '家用', '大容量', '男女同款'],
} as const;
