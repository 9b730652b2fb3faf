import type { EmulatorModule } from '@datong/sdk/emulator';
import { startEmulator } from './kingdee-emulator.js';

export { KingdeeEmulator, SERVICES, startEmulator, type KingdeeEmulatorOptions } from './kingdee-emulator.js';
export { DEFAULT_SETTINGS, type KingdeeEmulatorSettings } from './emulator-settings.js';
export { KingdeeStore, type StoredBill } from './kingdee-store.js';
export type { KingdeeCredentials } from './site-credentials.js';

/** The platform name `datong emulate kingdee` finds this module by. */
export const platform = 'kingdee';

/** What `datong emulate` loads: this module satisfies the SDK's `EmulatorModule`. */
const emulatorModule: EmulatorModule = { platform, startEmulator };
export default emulatorModule;
