import type { EmulatorModule } from '@datong/sdk/emulator';
import { startEmulator } from './xiaoshouyi-emulator.js';

export { XiaoshouyiEmulator, startEmulator, type XiaoshouyiEmulatorOptions } from './xiaoshouyi-emulator.js';
export { DEFAULT_SETTINGS, type XiaoshouyiEmulatorSettings } from './emulator-settings.js';
export { XobjectStore, type StoredRecord, type XiaoshouyiDump } from './xobject-store.js';
export type { XiaoshouyiCredentials } from './token-service.js';

/** The platform name `datong emulate xiaoshouyi` finds this module by. */
export const platform = 'xiaoshouyi';

/** What `datong emulate` loads: this module satisfies the SDK's `EmulatorModule`. */
const emulatorModule: EmulatorModule = { platform, startEmulator };
export default emulatorModule;
