import type { EmulatorModule } from '@datong/sdk/emulator';
import { startEmulator } from './hubspot-emulator.js';

export { HubSpotEmulator, startEmulator, type HubSpotEmulatorOptions } from './hubspot-emulator.js';
export { DEFAULT_SETTINGS, type HubSpotEmulatorSettings } from './emulator-settings.js';
export { HubSpotStore, type Association, type CrmObject, type HubSpotDump, type MergeRecord } from './hubspot-store.js';
export type { HubSpotCredentials } from './oauth-tokens.js';
export type { ObjectType, PropertyDefinition } from './default-properties.js';

/** The platform name `datong emulate hubspot` finds this module by. */
export const platform = 'hubspot';

/** What `datong emulate` loads: this module satisfies the SDK's `EmulatorModule`. */
const emulatorModule: EmulatorModule = { platform, startEmulator };
export default emulatorModule;
