/** A token the emulator issued: when, and until when it is good. */
interface Issued {
  issuedAt: number;
  expiresAt: number;
}

/**
 * The tokens /system/token issued. A token is good until its lifetime (tokenTtlSeconds) runs out,
 * until `expireAll()` (the one-shot "expire every token now"), or until the kit's tokenExpiresAt
 * fault, whichever comes first.
 */
export class U8Tokens {
  private readonly tokens = new Map<string, Issued>();
  private issuedCount = 0;

  constructor(
    private readonly now: () => number,
    private readonly faultExpired: (issuedAt: number) => boolean,
  ) {}

  /** How many tokens were issued: each is one token call that succeeded. */
  get issued(): number {
    return this.issuedCount;
  }

  issue(token: string, ttlSeconds: number): void {
    const at = this.now();
    this.issuedCount++;
    this.tokens.set(token, { issuedAt: at, expiresAt: at + ttlSeconds * 1000 });
  }

  isValid(token: string | null): boolean {
    const issued = token === null ? undefined : this.tokens.get(token);
    if (!issued) return false;
    return this.now() < issued.expiresAt && !this.faultExpired(issued.issuedAt);
  }

  /** Every token issued so far expires now. */
  expireAll(): number {
    const at = this.now();
    for (const issued of this.tokens.values()) issued.expiresAt = Math.min(issued.expiresAt, at);
    return this.tokens.size;
  }
}
