/**
 * Replaces every known secret value with `[redacted]` in strings and in nested values.
 * The engine fills it with the values of config fields a schema marks `x-secret`, and with every
 * value a pipeline takes from the environment, so no plugin has to remember to.
 */
export class Redactor {
  private readonly secrets = new Set<string>();

  add(value: unknown): void {
    // Very short values would redact ordinary words; they are not worth hiding anyway.
    if (typeof value === 'string' && value.length >= 4) this.secrets.add(value);
  }

  get size(): number {
    return this.secrets.size;
  }

  text(input: string): string {
    let out = input;
    for (const secret of this.secrets) {
      if (out.includes(secret)) out = out.split(secret).join('[redacted]');
      const encoded = encodeURIComponent(secret);
      if (encoded !== secret && out.includes(encoded)) out = out.split(encoded).join('[redacted]');
    }
    return out;
  }

  value<T>(input: T): T {
    if (this.secrets.size === 0) return input;
    if (typeof input === 'string') return this.text(input) as T;
    if (Array.isArray(input)) return input.map((x) => this.value(x)) as T;
    if (input !== null && typeof input === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(input)) out[k] = this.value(v);
      return out as T;
    }
    return input;
  }
}
