import type { ShopifyAddress } from '../generated/order.js';

/** The MailingAddress fields both streams read. */
export const ADDRESS_FIELDS = ['name', 'company', 'address1', 'address2', 'city', 'province', 'provinceCode', 'country', 'countryCodeV2', 'zip', 'phone'];

/** A MailingAddress as queried with `ADDRESS_FIELDS`. */
export interface AddressNode {
  name: string | null;
  company: string | null;
  address1: string | null;
  address2: string | null;
  city: string | null;
  province: string | null;
  provinceCode: string | null;
  country: string | null;
  countryCodeV2: string | null;
  zip: string | null;
  phone: string | null;
}

/** The record's snake_case address, or null when Shopify has none. */
export function toAddress(node: AddressNode | null | undefined): ShopifyAddress | null {
  if (!node) return null;
  return {
    name: node.name ?? null,
    company: node.company ?? null,
    address1: node.address1 ?? null,
    address2: node.address2 ?? null,
    city: node.city ?? null,
    province: node.province ?? null,
    province_code: node.provinceCode ?? null,
    country: node.country ?? null,
    country_code: node.countryCodeV2 ?? null,
    zip: node.zip ?? null,
    phone: node.phone ?? null,
  };
}
