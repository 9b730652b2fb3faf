/**
 * A plugin's own small state in the store, scoped by the engine to one pipeline and one source or
 * sink. Values are JSON. Secrets (a rotated refresh token) go through `setSecret`, which the store
 * encrypts before it writes (DESIGN.md: the one secret the store keeps).
 *
 * @example
 *   const saved = await ctx.state.getSecret('refresh_token');
 *   await ctx.state.setSecret('refresh_token', rotated);
 */
export interface PluginState {
  get<T = unknown>(key: string): Promise<T | undefined>;
  set(key: string, value: unknown): Promise<void>;
  getSecret(key: string): Promise<string | undefined>;
  setSecret(key: string, value: string): Promise<void>;
}

/** A `PluginState` held in memory: for tests, and for commands that run without a store. */
export class MemoryPluginState implements PluginState {
  readonly values = new Map<string, unknown>();
  readonly secrets = new Map<string, string>();

  async get<T>(key: string): Promise<T | undefined> {
    return this.values.get(key) as T | undefined;
  }

  async set(key: string, value: unknown): Promise<void> {
    this.values.set(key, value);
  }

  async getSecret(key: string): Promise<string | undefined> {
    return this.secrets.get(key);
  }

  async setSecret(key: string, value: string): Promise<void> {
    this.secrets.set(key, value);
  }
}
