import type { PluginState } from '@datong/sdk';
import { runLimited } from '@datong/sdk';

/** How many records one round of a write handles: the tradeids of a round are stored in one state write. */
export const ROUND_SIZE = 50;

/**
 * The tradeid of every add this sink has sent and not yet seen answered, by datong key, kept in
 * the plugin state (the store) per object. U8 makes an add idempotent by its tradeid: an add sent
 * again with the same tradeid answers the record the first one made instead of making a second.
 * So the tradeid is stored **before** the add is sent, and a write that finds one stored for its
 * key (an earlier run crashed, or its answer was lost, after sending) sends that tradeid again.
 * An entry is dropped once its add was answered (written or refused): the map holds only adds
 * whose outcome is unknown, so it stays as small as the last crash left it.
 */
export class PendingAdds {
  private entries: Record<string, string> | undefined;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly state: PluginState,
    private readonly stateKey: string,
  ) {}

  /**
   * A tradeid for each key about to be added: the one an earlier, unanswered add stored (those keys
   * are `replayed`), else a fresh one from `fetch` (U8's /system/tradeid). All are in the store
   * when this resolves, so the adds may be sent.
   */
  async assign(keys: string[], fetch: () => Promise<string>, concurrency: number): Promise<{ tradeids: Map<string, string>; replayed: Set<string> }> {
    const stored = await this.lookup(keys);
    const fresh = keys.filter((k) => !stored.has(k));
    const ids = await runLimited(fresh, concurrency, () => fetch());
    const tradeids = new Map([...stored, ...fresh.map((k, i) => [k, ids[i]!] as [string, string])]);
    await this.remember(tradeids);
    return { tradeids, replayed: new Set(stored.keys()) };
  }

  /** The tradeids stored for these keys (those that have one). */
  async lookup(keys: string[]): Promise<Map<string, string>> {
    const entries = await this.load();
    return new Map(keys.flatMap((key) => (entries[key] === undefined ? [] : [[key, entries[key]] as [string, string]])));
  }

  /** Stores key → tradeid for adds about to be sent; resolves once the store has them. */
  remember(tradeids: Map<string, string>): Promise<void> {
    return this.update((entries) => {
      for (const [key, tradeid] of tradeids) entries[key] = tradeid;
    });
  }

  /** Drops the entries of adds that were answered. */
  forget(keys: string[]): Promise<void> {
    return this.update((entries) => {
      for (const key of keys) delete entries[key];
    });
  }

  private async load(): Promise<Record<string, string>> {
    this.entries ??= { ...((await this.state.get<Record<string, string>>(this.stateKey)) ?? {}) };
    return this.entries;
  }

  /** One change at a time, each written whole: two writes of one object cannot lose each other's entries. */
  private update(change: (entries: Record<string, string>) => void): Promise<void> {
    const next = this.queue.then(async () => {
      const entries = await this.load();
      change(entries);
      await this.state.set(this.stateKey, { ...entries });
    });
    this.queue = next.catch(() => undefined);
    return next;
  }
}
