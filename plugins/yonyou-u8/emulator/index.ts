import type { EmulatorModule } from '@datong/sdk/emulator';
import { startEmulator } from './u8-emulator.js';

export { U8Emulator, startEmulator, type U8Credentials, type U8EmulatorOptions } from './u8-emulator.js';
export { DEFAULT_SETTINGS, type U8EmulatorErrcodes, type U8EmulatorSettings } from './emulator-settings.js';
export { U8Store, type U8Dump, type U8Row } from './u8-store.js';

/** The platform name `datong emulate yonyou-u8` finds this module by. */
export const platform = 'yonyou-u8';

/** What `datong emulate` loads: this module satisfies the SDK's `EmulatorModule`. */
const emulatorModule: EmulatorModule = { platform, startEmulator };
export default emulatorModule;
