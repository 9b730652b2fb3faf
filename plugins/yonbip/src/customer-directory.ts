import type { YonbipApi } from './yonbip-api.js';

/**
 * What one connection knows of merchants: code to id, learnt from its own writes and look-ups.
 * Orders need it twice: to defer an order whose customer YonBIP does not hold, and to turn an
 * order's agentId (an id) back into the customer's code on read-back.
 */
export class CustomerDirectory {
  private readonly ids = new Map<string, string>();
  private readonly codes = new Map<string, string>();
  private readonly pending = new Map<string, Promise<string | undefined>>();

  constructor(private readonly api: YonbipApi) {}

  remember(code: string, id: string | number): void {
    this.ids.set(code, String(id));
    this.codes.set(String(id), code);
  }

  forget(code: string): void {
    const id = this.ids.get(code);
    this.ids.delete(code);
    if (id !== undefined) this.codes.delete(id);
  }

  /** The merchant id of a live (not stopped) customer code, looked up once per connection. */
  async idOf(code: string): Promise<string | undefined> {
    const known = this.ids.get(code);
    if (known !== undefined) return known;
    let lookup = this.pending.get(code);
    if (!lookup) {
      lookup = this.api.merchantByCode(code).then((row) => {
        if (!row || row.stopstatus === true) return undefined;
        this.remember(code, row.id);
        return String(row.id);
      });
      this.pending.set(code, lookup);
      void lookup.finally(() => this.pending.delete(code)).catch(() => undefined);
    }
    return lookup;
  }

  /** The customer code of a merchant id (an order's agentId): known, or looked up. */
  async codeOf(id: unknown): Promise<string | undefined> {
    const known = this.codes.get(String(id));
    if (known !== undefined || id === undefined || id === null) return known;
    const row = await this.api.merchantById(String(id));
    if (row) this.remember(row.code, row.id);
    return row?.code;
  }
}
