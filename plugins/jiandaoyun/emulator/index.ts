import type { EmulatorModule } from '@datong/sdk/emulator';
import { startEmulator } from './jiandaoyun-emulator.js';

export { API_PREFIX, JiandaoyunEmulator, startEmulator, type JiandaoyunCredentials, type JiandaoyunEmulatorOptions } from './jiandaoyun-emulator.js';
export { DEFAULT_SETTINGS, type JiandaoyunEmulatorSettings } from './emulator-settings.js';
export { CODES } from './error-codes.js';
export { FormStore, type StoredRow } from './form-store.js';
export { APP_ID, CUSTOMERS_ENTRY_ID, ORDERS_ENTRY_ID, seedForms, type FormDefinition, type WidgetDefinition } from './seed-forms.js';

/** The platform name `datong emulate jiandaoyun` finds this module by. */
export const platform = 'jiandaoyun';

/** What `datong emulate` loads: this module satisfies the SDK's `EmulatorModule`. */
const emulatorModule: EmulatorModule = { platform, startEmulator };
export default emulatorModule;
