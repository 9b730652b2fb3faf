import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';

/** A phone number as a platform sent it, and what datong can safely do with it. */
export interface NormalizedPhone {
  /** E.164 (`+8613812345678`), only for a complete, valid number. */
  e164?: string;
  /** True for numbers the platform masked (`138****1234`): shown to people, never used as identity. */
  masked: boolean;
  raw: string;
}

// Masking characters the Chinese platforms use in place of the middle digits.
const MASK = /[*＊xX×•●]/u;

/**
 * Normalizes a phone number to E.164, reading national numbers in `region` (China by default).
 * A masked number (`138****1234`, `138xxxx1234`, `+86 138 **** 1234`) is reported as masked and
 * gets no E.164: two customers can share the same masked text, so it must never match records.
 *
 * @example
 *   normalizePhone('+86 138-1234-5678') // { e164: '+8613812345678', masked: false, raw: '+86 138-1234-5678' }
 */
export function normalizePhone(text: string, region = 'CN'): NormalizedPhone {
  const raw = String(text);
  const trimmed = raw.trim();
  if (MASK.test(trimmed.replace(/^\+/, '').replace(/\s*(?:ext\.?|x)\s*\d+$/i, ''))) return { masked: true, raw };
  const parsed = parsePhoneNumberFromString(trimmed, region.toUpperCase() as CountryCode);
  if (parsed === undefined || !parsed.isValid()) return { masked: false, raw };
  return { e164: parsed.number, masked: false, raw };
}
