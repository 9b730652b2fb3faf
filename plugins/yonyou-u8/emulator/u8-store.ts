/** A U8 record as the emulator keeps it: the fields by their OpenAPI names. */
export type U8Row = Record<string, unknown>;

/** What an add answered, remembered by tradeid or biz_id so a resubmit answers the same. */
interface Trade {
  resource: string;
  id: string;
}

/** Everything the emulated U8 holds, as plain data (what `dump()` and the control endpoint answer). */
export interface U8Dump {
  customers: U8Row[];
  saleorders: U8Row[];
  trades: number;
}

/**
 * The emulated U8 account: customers and sale orders by code (U8's unique key of each), the
 * tradeids /system/tradeid issued, and each tradeid's or biz_id's add, so that an add resubmitted
 * with either answers the record the first made instead of making a second. Written from the U8
 * OpenAPI documentation, apart from the sink it tests.
 */
export class U8Store {
  readonly customers = new Map<string, U8Row>();
  readonly saleorders = new Map<string, U8Row>();
  private readonly issued = new Set<string>();
  private readonly trades = new Map<string, Trade>();
  private readonly bizIds = new Map<string, Trade>();
  /** Adds per code, ever made: more than one for a code would be a duplicate. */
  readonly creations = new Map<string, number>();

  table(resource: 'customer' | 'saleorder'): Map<string, U8Row> {
    return resource === 'customer' ? this.customers : this.saleorders;
  }

  issueTradeid(id: string): void {
    this.issued.add(id);
  }

  isIssued(tradeid: string): boolean {
    return this.issued.has(tradeid);
  }

  /** The add a tradeid (or, with `biz`, a biz_id) already made. */
  trade(resource: string, id: string, biz: boolean): Trade | undefined {
    const trade = (biz ? this.bizIds : this.trades).get(`${resource}:${id}`);
    return trade?.resource === resource ? trade : undefined;
  }

  remember(resource: string, id: string, biz: boolean, made: Trade): void {
    (biz ? this.bizIds : this.trades).set(`${resource}:${id}`, made);
  }

  create(resource: 'customer' | 'saleorder', row: U8Row): void {
    const code = String(row.code);
    this.table(resource).set(code, row);
    const counted = `${resource}:${code}`;
    this.creations.set(counted, (this.creations.get(counted) ?? 0) + 1);
  }

  dump(): U8Dump {
    return {
      customers: [...this.customers.values()].map((r) => structuredClone(r)),
      saleorders: [...this.saleorders.values()].map((r) => structuredClone(r)),
      trades: this.trades.size + this.bizIds.size,
    };
  }
}
