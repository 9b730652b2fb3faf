export { openStore, embeddedStoreHolder, type OpenStoreOptions } from './open-store.js';
export { Store, type StoreKind, type StageCounts, type DeadLetterInput, type BatchCommit } from './store.js';
export { EmbeddedLock, type LockHolder } from './embedded-lock.js';
export type { StoreTables } from './tables.js';
export { SecretBox } from './secret-box.js';
export { PluginStateStore } from './plugin-state-store.js';
export { ControlRequests, type ControlRequest } from './control-requests.js';
export type { HeldRecord } from './store.js';
