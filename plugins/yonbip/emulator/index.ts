import type { EmulatorModule } from '@datong/sdk/emulator';
import { startEmulator } from './yonbip-emulator.js';

export { YonbipEmulator, startEmulator, type YonbipEmulatorOptions, type YonbipCredentials } from './yonbip-emulator.js';
export { DEFAULT_SETTINGS, type YonbipEmulatorSettings } from './emulator-settings.js';
export { YonbipStore, type Merchant, type Order, type OrderLine, type YonbipDump } from './yonbip-store.js';

/** The platform name `datong emulate yonbip` finds this module by. */
export const platform = 'yonbip';

/** What `datong emulate` loads: this module satisfies the SDK's `EmulatorModule`. */
const emulatorModule: EmulatorModule = { platform, startEmulator };
export default emulatorModule;
