import type { SeedPerson } from '@datong/sdk/emulator';

/** A buyer as the emulated seller sees one: a person, with the ids TOP derives for this app. */
export interface EmuBuyer {
  person: SeedPerson;
  /** App-scoped, stable per person and app key. */
  openUid: string;
  /** The nick as TOP shows it to apps now: masked. */
  nick: string;
}

/** One sub-order ("order" in TOP). Money in fen. */
export interface EmuLine {
  oid: number;
  numIid: number;
  skuId: number;
  title: string;
  priceFen: number;
  num: number;
  status: string;
  refundStatus: string;
  refundId?: number;
  consignTime?: number;
}

/** One trade. Times in ms epoch (whole seconds); money in fen. */
export interface EmuTrade {
  tid: number;
  status: string;
  type: string;
  stepTradeStatus?: string;
  stepPaidFen?: number;
  created: number;
  modified: number;
  payTime?: number;
  consignTime?: number;
  endTime?: number;
  postFen: number;
  discountFen: number;
  buyer: EmuBuyer;
  /** The receiver: the buyer here; TOP keeps it masked behind `oaid`. */
  receiver: SeedPerson;
  oaid: string;
  buyerMessage?: string;
  lines: EmuLine[];
}

/** One refund (per sub-order). */
export interface EmuRefund {
  refundId: number;
  tid: number;
  oid: number;
  status: string;
  created: number;
  modified: number;
  refundFen: number;
  reason: string;
  goodStatus: string;
  hasGoodReturn: boolean;
}

/** What a trade costs the buyer: its lines, plus postage, less discount. */
export function tradePaymentFen(trade: EmuTrade): number {
  return trade.lines.reduce((sum, l) => sum + l.priceFen * l.num, 0) + trade.postFen - trade.discountFen;
}

/** Fen as TOP writes yuan: "128.50". */
export function fenText(fen: number): string {
  return `${Math.trunc(fen / 100)}.${String(fen % 100).padStart(2, '0')}`;
}
