import { usesDefaultContactFields } from '../api-version.js';
import { object, type Selection } from '../graphql-selection.js';

/** The customer contact fields of an API version (see `usesDefaultContactFields`). */
export function contactFields(apiVersion: string): Selection[] {
  return usesDefaultContactFields(apiVersion)
    ? [object('defaultEmailAddress', ['emailAddress']), object('defaultPhoneNumber', ['phoneNumber'])]
    : ['email', 'phone'];
}

/** A customer's contact as either version returns it. */
export interface ContactNode {
  email?: string | null;
  phone?: string | null;
  defaultEmailAddress?: { emailAddress: string } | null;
  defaultPhoneNumber?: { phoneNumber: string } | null;
}

/** Email and phone from whichever fields the version had. */
export function contactOf(node: ContactNode): { email: string | null; phone: string | null } {
  return {
    email: node.defaultEmailAddress?.emailAddress ?? node.email ?? null,
    phone: node.defaultPhoneNumber?.phoneNumber ?? node.phone ?? null,
  };
}
