import { createHash } from 'node:crypto';
import type { SeedPerson } from '@datong/sdk/emulator';

const WEEK_MS = 7 * 86_400_000;

function digest(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('base64url');
}

/**
 * The buyer's open uid for this app: app-scoped and stable per person (platforms.md §2, e.g.
 * `AAHk5d-EAAeGwJedwSFu0XXX`). Derived from the phone and app key, so emulators given the same
 * people give each the same id for the same app key.
 */
export function openUidOf(person: SeedPerson, appKey: string): string {
  return `AA${digest(`open_uid|${person.phone}|${appKey}`).slice(0, 22)}`;
}

/**
 * The receiver's oaid: derived from name, mobile, address, the order's week, the seller and the
 * app (TOP: it changes across shops, apps, and orders more than a natural week apart).
 */
export function oaidOf(person: SeedPerson, created: number, sellerId: string, appKey: string): string {
  const week = Math.floor(created / WEEK_MS);
  return digest(`oaid|${person.name}|${person.phone}|${person.address.street}|${week}|${sellerId}|${appKey}`).slice(0, 40);
}
