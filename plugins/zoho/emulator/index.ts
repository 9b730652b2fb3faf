import type { EmulatorModule } from '@datong/sdk/emulator';
import { startEmulator } from './zoho-emulator.js';

export { ZohoEmulator, startEmulator, type ZohoEmulatorOptions } from './zoho-emulator.js';
export { DEFAULT_SETTINGS, type ZohoEmulatorSettings } from './emulator-settings.js';
export { RecordStore, type StoredRecord, type ZohoDump } from './record-store.js';
export type { ZohoCredentials } from './accounts-server.js';

/** The platform name `datong emulate zoho` finds this module by. */
export const platform = 'zoho';

/** What `datong emulate` loads: this module satisfies the SDK's `EmulatorModule`. */
const emulatorModule: EmulatorModule = { platform, startEmulator };
export default emulatorModule;
