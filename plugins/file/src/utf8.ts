/**
 * The index of the first byte that breaks UTF-8 in `bytes`, or -1 when it is valid. With
 * `final: false` a sequence cut off by the end of the buffer counts as valid: the next chunk may
 * complete it. Used on samples and error paths only; bulk decoding is the native TextDecoder's job.
 */
export function firstInvalidUtf8(bytes: Uint8Array, final: boolean): number {
  let i = 0;
  while (i < bytes.length) {
    const lead = bytes[i]!;
    if (lead < 0x80) {
      i += 1;
      continue;
    }
    const size = lead >= 0xc2 && lead <= 0xdf ? 2 : lead >= 0xe0 && lead <= 0xef ? 3 : lead >= 0xf0 && lead <= 0xf4 ? 4 : 0;
    if (size === 0) return i;
    for (let k = 1; k < size; k += 1) {
      if (i + k >= bytes.length) return final ? i : -1;
      const next = bytes[i + k]!;
      if (!isContinuation(lead, k, next)) return i;
    }
    i += size;
  }
  return -1;
}

/** Does `bytes` hold at least one multi-byte UTF-8 sequence (i.e. is it more than ASCII)? */
export function hasNonAscii(bytes: Uint8Array): boolean {
  for (const byte of bytes) if (byte >= 0x80) return true;
  return false;
}

// The second byte's range is narrower after E0, ED, F0 and F4: that is what rules out overlong
// forms, UTF-16 surrogates and code points past U+10FFFF (RFC 3629, table 3-7 of Unicode).
function isContinuation(lead: number, position: number, byte: number): boolean {
  if (position === 1) {
    if (lead === 0xe0) return byte >= 0xa0 && byte <= 0xbf;
    if (lead === 0xed) return byte >= 0x80 && byte <= 0x9f;
    if (lead === 0xf0) return byte >= 0x90 && byte <= 0xbf;
    if (lead === 0xf4) return byte >= 0x80 && byte <= 0x8f;
  }
  return byte >= 0x80 && byte <= 0xbf;
}
