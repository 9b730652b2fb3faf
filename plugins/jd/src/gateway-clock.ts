/** Offsets below this are latency and the Date header's one-second resolution, not a wrong clock. */
const ADOPT_ABOVE_MS = 60_000;

/**
 * The JOS gateway's clock as this process sees it. JOS refuses a `timestamp` more than 6 minutes
 * off its own (error 8), so every answer's `Date` header is read and, when the local clock is more
 * than a minute off, the difference is applied to every timestamp sent and to "now" for windows
 * (a window ending in the gateway's future would skip orders for good).
 */
export class GatewayClock {
  private offset = 0;

  constructor(private readonly local: () => number = Date.now) {}

  /** Now on the gateway's clock, ms epoch. */
  now(): number {
    return this.local() + this.offset;
  }

  /** The correction in force, ms (gateway minus local). */
  get offsetMs(): number {
    return this.offset;
  }

  /** Learns from an answer's Date header; returns the measured offset, or undefined without one. */
  observe(dateHeader: string | undefined): number | undefined {
    const server = Date.parse(dateHeader ?? '');
    if (Number.isNaN(server)) return undefined;
    // The header is truncated to the second: its middle is half a second later.
    const measured = server + 500 - this.local();
    if (Math.abs(measured - this.offset) > ADOPT_ABOVE_MS) this.offset = measured;
    return measured;
  }
}
