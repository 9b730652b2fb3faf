/**
 * How the emulated K3Cloud site behaves where Kingdee documents no number or leaves a choice.
 * Every default is UNCONFIRMED unless said otherwise; the README lists them. Change them at start
 * (`startEmulator({ settings })`, `datong emulate kingdee --set name=value`) or at run time with
 * `POST /_emulator/settings`.
 */
export interface KingdeeEmulatorSettings {
  /** A session's lifetime from login, ms (Kingdee documents none; real servers renew idle sessions). Default 20 minutes. */
  sessionTtlMs: number;
  /** Calls accepted per window before MsgCode 14 (call limited); Kingdee documents no number. Default 10. */
  throttleRequests: number;
  /** The rolling window the throttle counts in, ms. Default 1000. */
  throttleWindowMs: number;
  /** The most records in one BatchSave Model array; more is refused whole (MsgCode 8). Default 1000. */
  maxBatchSize: number;
  /** The most rows one ExecuteBillQuery answers (the newer docs' Limit maximum). Default 10000. */
  maxQueryRows: number;
  /** The longest FNumber / FBillNo. Default 80. */
  numberMaxLength: number;
  /** The longest FName (and other text fields). Default 80 for FName, 255 for other text. */
  nameMaxLength: number;
  /**
   * What a BatchSave with some refused records does: 'per-record' saves the others and lists the
   * refused ones in Errors; 'all-or-nothing' saves none. Default 'per-record'.
   */
  partialBatchSave: 'per-record' | 'all-or-nothing';
  /** How far x-api-timestamp may be from the emulator's clock, ms. Default 15 minutes. */
  signatureToleranceMs: number;
  /**
   * One-shot: after this many more authenticated calls, every session issued so far is lost
   * (MsgCode 1), as a session dying mid-run. Cleared when it fires.
   */
  expireSessionsAfterCalls?: number;
}

export const DEFAULT_SETTINGS: KingdeeEmulatorSettings = {
  sessionTtlMs: 20 * 60_000,
  throttleRequests: 10,
  throttleWindowMs: 1000,
  maxBatchSize: 1000,
  maxQueryRows: 10_000,
  numberMaxLength: 80,
  nameMaxLength: 80,
  partialBatchSave: 'per-record',
  signatureToleranceMs: 15 * 60_000,
};

/** Checks a settings patch (from options or the control endpoint); throws naming a bad key. */
export function applySettings(target: KingdeeEmulatorSettings, patch: Record<string, unknown>): KingdeeEmulatorSettings {
  for (const [name, value] of Object.entries(patch)) {
    if (name === 'partialBatchSave') {
      if (value !== 'per-record' && value !== 'all-or-nothing') throw new Error('partialBatchSave must be per-record or all-or-nothing');
      target.partialBatchSave = value;
    } else if (name === 'expireSessionsAfterCalls' && (value === null || value === undefined)) {
      delete target.expireSessionsAfterCalls;
    } else if (name in DEFAULT_SETTINGS || name === 'expireSessionsAfterCalls') {
      const n = typeof value === 'string' ? Number(value) : value;
      if (typeof n !== 'number' || !Number.isFinite(n) || n < 0) throw new Error(`setting ${name} must be a number >= 0, got ${JSON.stringify(value)}`);
      (target as unknown as Record<string, unknown>)[name] = n;
    } else {
      throw new Error(`unknown setting "${name}"; known: ${[...Object.keys(DEFAULT_SETTINGS), 'expireSessionsAfterCalls'].join(', ')}`);
    }
  }
  return target;
}
