/** A merchant (客户档案) as the emulated tenant keeps it. */
export interface Merchant {
  id: number;
  code: string;
  name: { simplifiedName: string; zh_CN: string };
  enterpriseNature: number;
  customerClassCode: string | null;
  createOrgCode: string;
  merchantContactInfos: Record<string, unknown>[];
  merchantDefine: Record<string, unknown>;
  stopstatus: boolean;
  pubts: string;
}

export interface OrderLine {
  id: number;
  lineno: number;
  productId: string;
  qty: number;
  oriTaxUnitPrice: string;
  oriSum: string;
}

/** A sales order (voucherorder) as the emulated tenant keeps it. */
export interface Order {
  id: number;
  code: string;
  vouchdate: string;
  agentId: number;
  salesOrgId: string;
  transactionTypeId: string;
  currency: string;
  exchRate: number;
  taxInclusive: boolean;
  memo: string | null;
  pubts: string;
  orderDetails: OrderLine[];
}

/** Everything the tenant holds, as plain data. */
export interface YonbipDump {
  merchants: Merchant[];
  orders: Order[];
}

/** The emulated tenant's documents. Ids are long numbers, as YonBIP's are. */
export class YonbipStore {
  readonly merchants = new Map<string, Merchant>();
  readonly orders = new Map<string, Order>();
  /** Every merchant code or order code ever saved by a create, once per creation: a duplicate shows as a count above 1. */
  readonly creations = new Map<string, number>();
  private nextId = 2_000_000_000_000_001;
  private version = 0;

  constructor(private readonly now: () => number) {}

  newId(): number {
    return this.nextId++;
  }

  /** A fresh pubts: the time stamp YonBIP bumps on every save (made unique per save here). */
  stamp(): string {
    this.version++;
    const at = new Date(this.now() + this.version);
    return at.toISOString().replace('T', ' ').slice(0, 23);
  }

  created(object: 'customers' | 'salesOrders', code: string): void {
    const key = `${object}:${code}`;
    this.creations.set(key, (this.creations.get(key) ?? 0) + 1);
  }

  merchantById(id: unknown): Merchant | undefined {
    return [...this.merchants.values()].find((m) => String(m.id) === String(id));
  }

  orderById(id: unknown): Order | undefined {
    return [...this.orders.values()].find((o) => String(o.id) === String(id));
  }

  /** How many records the tenant holds under this code: more than one would be a duplicate. */
  countByKey(object: 'customers' | 'salesOrders', code: string): number {
    return object === 'customers' ? (this.merchants.has(code) ? 1 : 0) : this.orders.has(code) ? 1 : 0;
  }

  dump(): YonbipDump {
    return structuredClone({ merchants: [...this.merchants.values()], orders: [...this.orders.values()] });
  }
}
