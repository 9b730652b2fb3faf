import type { HttpResponse, Logger } from '@datong/sdk';

/** The org's 24-hour API usage as the last response's `Sforce-Limit-Info: api-usage=used/limit` said. */
export interface ApiUsage {
  used: number;
  limit: number;
}

/**
 * Watches `Sforce-Limit-Info` on every response: keeps the latest usage, and warns once when it
 * passes `warnPercent` of the allowance (again only after it fell below, e.g. the next day).
 */
export class ApiUsageWatch {
  latest: ApiUsage | undefined;
  private warned = false;

  constructor(
    private readonly warnPercent: number,
    private readonly logger: Logger,
  ) {}

  observe(response: HttpResponse): void {
    const match = /api-usage=(\d+)\/(\d+)/.exec(response.headers['sforce-limit-info'] ?? '');
    if (!match) return;
    const usage = { used: Number(match[1]), limit: Number(match[2]) };
    this.latest = usage;
    const percent = usage.limit > 0 ? (usage.used / usage.limit) * 100 : 0;
    if (percent >= this.warnPercent && !this.warned) {
      this.warned = true;
      this.logger.warn(`salesforce: the org has used ${usage.used} of its ${usage.limit} API requests in the last 24 hours (${percent.toFixed(0)} %); at 100 % every call is refused with REQUEST_LIMIT_EXCEEDED`, { ...usage });
    } else if (percent < this.warnPercent) {
      this.warned = false;
    }
  }
}
