import { createHash } from 'node:crypto';
import type { SeedData, SeedPerson } from '@datong/sdk/emulator';
import { maskName, maskPhone, type ReceiverCipher } from './receiver-cipher.js';
import { AFTERSALE_STATUSES, NEXT_STATUS, ORDER_STATUSES, ORDER_STATUS_DESC, PAY_TYPES, type OrderStatus } from './status-tables.js';

interface Random {
  next(): number;
  int(lo: number, hi: number): number;
  pick<T>(items: readonly T[]): T;
}

export interface EmuSku {
  order_id: string;
  order_status: number;
  product_id: string;
  product_name: string;
  sku_id: string;
  code: string;
  item_num: number;
  origin_amount: number;
  pay_amount: number;
  after_sale_info: { after_sale_status: number; after_sale_type: number; refund_status: number };
}

/** An order as the emulator keeps it: the wire fields, plus who the buyer really is. */
export interface EmuOrder {
  order_id: string;
  shop_id: number;
  order_status: number;
  create_time: number;
  update_time: number;
  pay_time: number;
  finish_time: number;
  pay_type: number;
  doudian_open_id: string;
  buyer: SeedPerson;
  phone: string;
  skus: EmuSku[];
  post_amount: number;
  promotion_amount: number;
  encrypt_post_tel: string;
  encrypt_post_receiver: string;
  encrypt_detail: string;
  tracking_no: string;
  ship_time: number;
  seller_words: string;
}

export interface EmuAfterSale {
  aftersale_id: string;
  order_id: string;
  sku_order_id: string;
  aftersale_type: number;
  aftersale_status: number;
  refund_status: number;
  refund_amount: number;
  apply_time: number;
  update_time: number;
}

export interface StoreOptions {
  seed: SeedData;
  random: Random;
  cipher: ReceiverCipher;
  appKey: string;
  shopId: number;
  now: () => number;
  orders: number;
  buyers: SeedPerson[];
  /** Orders are created within this many days before now. */
  days: number;
}

/** What a mutation changed. */
export interface MutationSummary {
  ordersChanged: string[];
  afterSalesChanged: string[];
}

const DAY = 86_400;

/**
 * The shop's orders and after-sale cases, seeded deterministically: every order_status among the
 * first seven orders, every sku refund status and every aftersale_status among the cases, times
 * within the last week (well inside the 90-day lookback), buyers' ids derived from their phone and
 * the app key, receivers encrypted.
 */
export class ShopStore {
  readonly orders: EmuOrder[] = [];
  readonly afterSales: EmuAfterSale[] = [];
  private readonly o: StoreOptions;

  constructor(options: StoreOptions) {
    this.o = options;
    const now = Math.floor(options.now() / 1000);
    const regulars: SeedPerson[] = [];
    for (let i = 0; i < options.orders; i++) {
      let buyer = options.buyers[i];
      if (!buyer) {
        // About a third of the other orders come from returning buyers.
        buyer = regulars.length > 0 && options.random.next() < 0.33 ? options.random.pick(regulars) : options.seed.person('zh');
        regulars.push(buyer);
      }
      const status = i < ORDER_STATUSES.length ? ORDER_STATUSES[i]! : options.random.pick([1, 105, 2, 101, 3, 3, 4, 5, 5, 5] as const);
      this.orders.push(this.order(buyer, status, now, i));
    }
    this.seedAfterSales(now);
  }

  /** The buyer's shop-scoped id: the same person and app always get the same one. */
  static openIdOf(phone: string, appKey: string): string {
    return `1@#${createHash('sha256').update(`${appKey}|${phone}`).digest('base64url').slice(0, 28)}`;
  }

  /** Moves `orders` orders (and `afterSales` cases) on, as buyers and sellers do; their update_time becomes now. */
  mutate(body: { orders?: number; afterSales?: number }): MutationSummary {
    const now = Math.floor(this.o.now() / 1000);
    const summary: MutationSummary = { ordersChanged: [], afterSalesChanged: [] };
    const r = this.o.random;
    for (let n = 0; n < Math.min(body.orders ?? 0, this.orders.length); n++) {
      const order = this.orders[r.int(0, this.orders.length - 1)]!;
      const next = r.pick(NEXT_STATUS[order.order_status as OrderStatus]);
      this.setStatus(order, next, now);
      if (next === order.order_status) order.seller_words = `备注 ${now}-${n}`;
      order.update_time = Math.max(now, order.update_time + 1);
      summary.ordersChanged.push(order.order_id);
    }
    for (let n = 0; n < Math.min(body.afterSales ?? 0, this.afterSales.length); n++) {
      const sale = this.afterSales[r.int(0, this.afterSales.length - 1)]!;
      if (sale.aftersale_status === 6) sale.aftersale_status = 12;
      else if (sale.aftersale_status === 12 && sale.refund_status === 2) sale.refund_status = 3;
      sale.update_time = Math.max(now, sale.update_time + 1);
      summary.afterSalesChanged.push(sale.aftersale_id);
    }
    return summary;
  }

  private order(buyer: SeedPerson, status: OrderStatus, now: number, index: number): EmuOrder {
    const { seed, random: r, cipher } = this.o;
    const create = Math.floor(seed.moment((now - this.o.days * DAY) * 1000, (now - 3600) * 1000) / 1000);
    const orderId = seed.id('69');
    const phone = buyer.phone.replace(/^\+86/, '');
    const skuCount = status === 101 ? r.int(2, 3) : r.int(1, 3);
    const skus: EmuSku[] = [];
    for (let k = 0; k < skuCount; k++) {
      const price = yuanToFen(seed.money(9.9, 399));
      const num = r.int(1, 3);
      const discount = r.next() < 0.3 ? Math.min(price, r.int(1, 20) * 100) : 0;
      skus.push({
        order_id: `${orderId}${String(k + 1).padStart(2, '0')}`,
        order_status: status,
        product_id: seed.id('36'),
        product_name: seed.productTitle('zh'),
        sku_id: seed.id('17'),
        code: `SKU-${r.int(1000, 9999)}`,
        item_num: num,
        origin_amount: price * num,
        pay_amount: price * num - discount,
        after_sale_info: { after_sale_status: 0, after_sale_type: 0, refund_status: 0 },
      });
    }
    const order: EmuOrder = {
      order_id: orderId,
      shop_id: this.o.shopId,
      order_status: status,
      create_time: create,
      update_time: create,
      pay_time: 0,
      finish_time: 0,
      pay_type: index < PAY_TYPES.length ? PAY_TYPES[index]! : r.pick(PAY_TYPES),
      doudian_open_id: ShopStore.openIdOf(phone, this.o.appKey),
      buyer,
      phone,
      skus,
      post_amount: r.pick([0, 0, 0, 600, 800, 1000]),
      promotion_amount: skus.reduce((sum, s) => sum + s.origin_amount - s.pay_amount, 0),
      encrypt_post_tel: cipher.seal(phone, '$', orderId),
      encrypt_post_receiver: cipher.seal(buyer.name, '~', orderId),
      encrypt_detail: cipher.seal(buyer.address.street, '#', orderId),
      tracking_no: '',
      ship_time: 0,
      seller_words: '',
    };
    // A cancelled order was paid first every other time.
    if (status !== 1 && (status !== 4 || index % 2 === 0)) order.pay_time = create + r.int(30, 900);
    this.setStatus(order, status, order.pay_time || create);
    order.update_time = Math.min(now - 300, Math.max(order.update_time, create + r.int(60, 4 * 3600)));
    return order;
  }

  /** Sets the status and what goes with it: the sku statuses, shipment and finish times. */
  private setStatus(order: EmuOrder, status: number, at: number): void {
    if (status === 105 && order.pay_time === 0) order.pay_time = at;
    order.order_status = status;
    if ((status === 101 || status === 3 || status === 5) && order.ship_time === 0) {
      order.ship_time = at;
      order.tracking_no = `SF${order.order_id.slice(-12)}`;
    }
    if (status === 5 && order.finish_time === 0) order.finish_time = at;
    order.skus.forEach((sku, k) => {
      // A partial shipment: the first sku has left, the others are still being prepared.
      sku.order_status = status === 101 ? (k === 0 ? 3 : 2) : status;
    });
  }

  /** Cases on paid orders: every aftersale_status at least once, their skus' refund status in step. */
  private seedAfterSales(now: number): void {
    const paid = this.orders.filter((o) => o.pay_time > 0 && o.order_status !== 4);
    if (paid.length === 0) return;
    // Two rounds of every status: a success's money arrives in the first round and is still on its way in the second.
    const count = Math.max(2 * AFTERSALE_STATUSES.length, Math.floor(this.orders.length / 8));
    for (let i = 0; i < count; i++) {
      const order = paid[i % paid.length]!;
      const sku = order.skus[i % order.skus.length]!;
      if (sku.after_sale_info.after_sale_status !== 0) continue;
      const status = AFTERSALE_STATUSES[i % AFTERSALE_STATUSES.length]!;
      const exchange = status === 3 || status === 8 || status === 13 || status === 14;
      const refund = exchange ? 0 : status === 12 ? (Math.floor(i / AFTERSALE_STATUSES.length) % 2 === 0 ? 3 : 2) : status === 28 ? 4 : 1;
      const apply = Math.min(now - 600, order.update_time + 60);
      const sale: EmuAfterSale = {
        aftersale_id: this.o.seed.id('72'),
        order_id: order.order_id,
        sku_order_id: sku.order_id,
        aftersale_type: exchange ? 3 : this.o.random.pick([0, 1, 2]),
        aftersale_status: status,
        refund_status: refund,
        refund_amount: exchange ? 0 : sku.pay_amount,
        apply_time: apply,
        update_time: Math.min(now - 300, apply + 120),
      };
      this.afterSales.push(sale);
      sku.after_sale_info = { after_sale_status: status, after_sale_type: sale.aftersale_type, refund_status: refund };
      order.update_time = Math.max(order.update_time, sale.update_time);
    }
  }

  /** The order as order.searchList serves it. */
  wire(order: EmuOrder): Record<string, unknown> {
    const b = order.buyer;
    const orderAmount = order.skus.reduce((s, k) => s + k.origin_amount, 0) + order.post_amount;
    return {
      order_id: order.order_id,
      shop_id: order.shop_id,
      order_status: order.order_status,
      order_status_desc: ORDER_STATUS_DESC[order.order_status as OrderStatus] ?? '',
      main_status: order.order_status,
      create_time: order.create_time,
      update_time: order.update_time,
      pay_time: order.pay_time,
      finish_time: order.finish_time,
      order_amount: orderAmount,
      pay_amount: orderAmount - order.promotion_amount,
      post_amount: order.post_amount,
      promotion_amount: order.promotion_amount,
      pay_type: order.pay_type,
      doudian_open_id: order.doudian_open_id,
      open_id: '',
      buyer_words: '',
      seller_words: order.seller_words,
      cancel_reason: order.order_status === 4 ? '买家取消' : '',
      encrypt_post_tel: order.encrypt_post_tel,
      encrypt_post_receiver: order.encrypt_post_receiver,
      mask_post_tel: maskPhone(order.phone),
      mask_post_receiver: maskName(b.name),
      post_addr: {
        province: { id: '11', name: b.address.province },
        city: { id: '1101', name: b.address.city },
        town: { id: '110101', name: b.address.district ?? '' },
        street: { id: '', name: '' },
        encrypt_detail: order.encrypt_detail,
      },
      mask_post_addr: { province: { name: b.address.province }, city: { name: b.address.city }, detail: '****' },
      sku_order_list: order.skus.map((s) => ({ ...s, parent_order_id: order.order_id, create_time: order.create_time, update_time: order.update_time })),
      logistics_info: order.ship_time > 0 ? [{ tracking_no: order.tracking_no, company: 'shunfeng', company_name: '顺丰速运', ship_time: order.ship_time }] : [],
    };
  }

  /** The case as afterSale.List serves it. */
  wireAfterSale(sale: EmuAfterSale): Record<string, unknown> {
    return {
      aftersale_info: {
        aftersale_id: sale.aftersale_id,
        aftersale_type: sale.aftersale_type,
        aftersale_status: sale.aftersale_status,
        refund_status: sale.refund_status,
        refund_amount: sale.refund_amount,
        related_id: sale.sku_order_id,
        reason: '',
        apply_time: sale.apply_time,
        create_time: sale.apply_time,
        update_time: sale.update_time,
      },
      order_info: { shop_order_id: sale.order_id, related_order_info: [{ sku_order_id: sale.sku_order_id }] },
    };
  }
}

/** "129.90" → 12990, by text: the seed's prices are two-decimal strings. */
function yuanToFen(price: string): number {
  const [whole, frac = ''] = price.split('.');
  return Number(whole) * 100 + Number(frac.padEnd(2, '0').slice(0, 2));
}
