import type { SeedPerson } from '@datong/sdk/emulator';

/**
 * How receiver fields are masked. TOP's exact formats are UNCONFIRMED, so the emulator offers two:
 * `partial` (default: 张**, 138****5678, the street's first two characters then stars) and `full`
 * (every masked field is "***").
 */
export type MaskStyle = 'partial' | 'full';

/** The person's mobile without country code: +8613812345678 → 13812345678. */
export function localMobile(person: SeedPerson): string {
  return person.phone.replace(/^\+86/, '').replace(/^\+/, '');
}

export function maskName(name: string, style: MaskStyle): string {
  return style === 'full' ? '***' : `${[...name][0] ?? ''}**`;
}

export function maskMobile(mobile: string, style: MaskStyle): string {
  if (style === 'full' || mobile.length < 8) return '***';
  return `${mobile.slice(0, 3)}****${mobile.slice(-4)}`;
}

export function maskStreet(street: string, style: MaskStyle): string {
  return style === 'full' ? '***' : `${[...street].slice(0, 2).join('')}*******`;
}
