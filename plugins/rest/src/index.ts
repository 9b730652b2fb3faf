import { definePlugin } from '@datong/sdk';
import { restSource } from './rest-source.js';

/** datong's declarative REST plugin: any JSON API's listings as streams, configured in the pipeline file. */
export default definePlugin({ source: restSource });

export { restSource };
export { canonicalQuery, signQuery, rfc3986, type HmacOptions } from './hmac-signature.js';
export { nextLink } from './link-header.js';
export { CANONICAL_STATUS_ENUMS, canonicalStatuses, withCanonicalStatuses, type StatusTable } from './status-map.js';
export type { RestSourceConfig, RestStreamConfig, RestAuth as RestAuthConfig } from './generated/source-config.js';
export type { RestStreamState } from './streams/stream-state.js';
