// The HTTP kit's public surface (the HTTP-kit helper completes this list).
export * from './token-bucket.js';
export * from './http-client.js';
