import type { ContractTest } from './contract-test.js';
import { messageOf } from './config-checks.js';

/**
 * Starts an emulator through the plugin test's `start()`, runs `fn` with it and closes it after,
 * whatever happens. A `start()` that fails is reported as its own failing subtest, since every
 * check after it would fail for a reason that is not the plugin's.
 */
export async function withEmulator<E extends { close(): Promise<void> }>(t: ContractTest, start: () => Promise<E>, label: string, fn: (emulator: E) => Promise<void>): Promise<void> {
  let emulator: E;
  try {
    emulator = await start();
  } catch (error) {
    await t.test(`the emulator starts (${label})`, async (t) => void t.fail(`start() failed: ${messageOf(error)}`));
    return;
  }
  try {
    await fn(emulator);
  } finally {
    await emulator.close();
  }
}
