import type { EmulatorKit } from './emulator-kit.js';
import type { FaultOptions } from './fault-options.js';

/** A started platform emulator. */
export interface RunningEmulator {
  url: string;
  /** the credentials and config it accepts, printed by `datong emulate` */
  credentials: Record<string, string>;
  kit: EmulatorKit;
  close(): Promise<void>;
}

/** What every plugin's `emulator` subpath exports, so `datong emulate <platform>` can run it. */
export interface EmulatorModule {
  platform: string;
  /**
   * Starts it. Beyond the common options, each emulator documents its own settings (Shopify's
   * `restoreRate`, HubSpot's `dailyLimit`...), which `datong emulate --set name=value` passes here.
   */
  startEmulator(options: { port?: number; seed?: number; faults?: FaultOptions; host?: string; [setting: string]: unknown }): Promise<RunningEmulator>;
}
