export { EmulatorKit, type EmulatorKitOptions, type RequestLogEntry } from './emulator-kit.js';
export type { EmulatorRequest, EmulatorResponse, RouteHandler } from './emulator-request.js';
export { parseFaults, mergeFaults, FAULT_NAMES, type FaultOptions } from './fault-options.js';
export { SeedData, type SeedPerson } from './seed-data.js';
export { isSecretName } from './secret-mask.js';
export type { EmulatorModule, RunningEmulator } from './emulator-module.js';
