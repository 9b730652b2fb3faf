/**
 * Whether an Admin API version reads a customer's email and phone from `defaultEmailAddress` /
 * `defaultPhoneNumber` (added in 2025-04) instead of `Customer.email` / `phone`. In 2025-01 the new
 * fields do not exist at all, though `email` is already deprecated in their favour (reference
 * shopify/README.md §1), so the version decides the query.
 */
export function usesDefaultContactFields(apiVersion: string): boolean {
  return apiVersion === 'unstable' || apiVersion >= '2025-04';
}
