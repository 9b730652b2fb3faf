import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * The signature WeChat puts on every message push: the SHA-1 (lower-case hex) of the push Token,
 * the timestamp and the nonce (and, in safe mode, the Encrypt field), sorted as strings and
 * joined. Worked example (wechatpy tests/test_utils.py): token "test", timestamp "1410685589",
 * nonce "test" → f21891de399b4e33a1a93c9a7b8a8fffb5a443ff.
 */
export function pushSignature(parts: string[]): string {
  return createHash('sha1').update([...parts].sort().join('')).digest('hex');
}

/** Compares a received signature with the expected one in constant time. */
export function sameSignature(received: string, expected: string): boolean {
  const a = Buffer.from(received.toLowerCase());
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
