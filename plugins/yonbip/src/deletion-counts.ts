import type { PluginState } from '@datong/sdk';

/**
 * How many times datong deleted (or stopped) each key of one object, kept in the plugin state.
 * It goes into the resubmitCheckKey of a creation: a record deleted by a rollback and written
 * again must not meet YonBIP's cached answer for its first creation (within an hour the gateway
 * would replay that success, later answer 100004, and create nothing either way).
 */
export class DeletionCounts {
  private counts: Promise<Record<string, number>> | undefined;

  constructor(
    private readonly state: PluginState,
    private readonly object: string,
  ) {}

  async of(key: string): Promise<number> {
    return (await this.load())[key] ?? 0;
  }

  async add(keys: string[]): Promise<void> {
    const counts = await this.load();
    for (const key of keys) counts[key] = (counts[key] ?? 0) + 1;
    await this.state.set(this.stateKey(), counts);
  }

  private load(): Promise<Record<string, number>> {
    this.counts ??= this.state.get<Record<string, number>>(this.stateKey()).then((stored) => ({ ...(stored ?? {}) }));
    return this.counts;
  }

  private stateKey(): string {
    return `yonbip.deletions.${this.object}`;
  }
}
