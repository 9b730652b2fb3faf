// The contract kit: what every plugin's tests call (`@datong/sdk/testing`).
export { testContext, type TestContext, type LoggedMessage } from './test-context.js';
export type { ContractTest, AssertExtra, AssertMessage } from './contract-test.js';
export { sourceContract, type SourceContractOptions, type SourceEmulatorSession } from './source-contract.js';
export { sinkContract, type SinkContractOptions, type SinkEmulatorSession } from './sink-contract.js';
export { compareCursors } from './compare-cursors.js';
export { differingFields, sameValue } from './same-content.js';
export { secretFields, secretValues, type SecretField } from './secret-values.js';
// A plugin's own stream tests: open one stream, read it to its end or cut it short, resume from its state.
export { openSourceStream, readAll, type ReadResult, type ReadAllOptions } from './stream-reads.js';
/**
 * A plugin's own tests of its cursors: the latest version read of each record over several reads,
 * and what that misses or holds stale against the emulator's records.
 *
 * @example
 *   const read = latestVersions([cut.records, resumed.records], { key: 'order_no', version: 'modified_at' });
 *   t.same(compareVersions(read, expectedOrders(emu)), { missing: [], stale: [] });
 */
export { latestVersions, compareVersions, type LatestVersionsOptions } from './latest-versions.js';
export { pushReceiver, type PushReceiver } from './push-receiver.js';
