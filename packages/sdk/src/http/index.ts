// The HTTP kit's public surface.
export { TokenBucket, type TokenBucketOptions, type BucketTimer } from './token-bucket.js';
export { HttpClient } from './http-client.js';
export type { HttpAuth, HttpClientOptions, HttpRequest, HttpResponse, ResponseVerdict } from './http-types.js';
export { OAuth2Refresh, type OAuth2RefreshOptions, type OAuth2TokenResponse } from './oauth2-refresh.js';
export { headerAuth } from './header-auth.js';
export { parseRetryAfter } from './retry-after.js';
export { isSecretName, describeRequest } from './secret-names.js';
