import type { EmulatorModule } from '@datong/sdk/emulator';
import { startEmulator } from './salesforce-emulator.js';

export { SalesforceEmulator, startEmulator, type SalesforceEmulatorOptions } from './salesforce-emulator.js';
export { DEFAULT_SETTINGS, type SalesforceEmulatorSettings } from './emulator-settings.js';
export { OrgStore, type OrgDump, type OrgRecord } from './org-store.js';
export { tokenSignature, type SalesforceCredentials } from './session-tokens.js';

/** The platform name `datong emulate salesforce` finds this module by. */
export const platform = 'salesforce';

/** What `datong emulate` loads: this module satisfies the SDK's `EmulatorModule`. */
const emulatorModule: EmulatorModule = { platform, startEmulator };
export default emulatorModule;
