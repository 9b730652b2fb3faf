export * from './errors.js';
export * from './plugin.js';
export type { Logger } from './logger.js';
export type { SqlClient } from './sql-client.js';
export { fault } from './fault.js';
export { withRetry, type RetryOptions } from './retry.js';
export { Redactor } from './redactor.js';
export { recordKey } from './record-key.js';
export { SeededRandom } from './seeded-random.js';
