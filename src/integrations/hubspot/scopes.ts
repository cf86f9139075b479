/**
 * The HubSpot OAuth scopes Frontdesk asks for (spec §D1, least privilege): what the pack
 * needs on the standard objects — read and write contacts (notes and calls ride on the
 * contacts scopes), read companies, tickets, read and write deals, and reading their
 * schemas for discovery. Custom objects are asked for only when the admin connects for a
 * binding that needs them.
 */
export const STANDARD_SCOPES = [
  'oauth',
  'crm.objects.contacts.read',
  'crm.objects.contacts.write',
  'crm.objects.companies.read',
  'crm.objects.deals.read',
  'crm.objects.deals.write',
  'tickets',
  'crm.schemas.contacts.read',
  'crm.schemas.companies.read',
  'crm.schemas.deals.read',
] as const;

export const CUSTOM_OBJECT_SCOPES = [
  'crm.objects.custom.read',
  'crm.objects.custom.write',
  'crm.schemas.custom.read',
] as const;

export function requestedScopes(customObjects: boolean, extra: readonly string[] = []): string[] {
  const scopes = customObjects ? [...STANDARD_SCOPES, ...CUSTOM_OBJECT_SCOPES] : [...STANDARD_SCOPES];
  return [...new Set([...scopes, ...extra])];
}

export const hasCustomObjectAccess = (granted: readonly string[]) =>
  CUSTOM_OBJECT_SCOPES.every((s) => granted.includes(s));

/** Scopes an admin may add to a connection for bindings beyond the pack. */
export const EXTRA_SCOPES = ['crm.objects.companies.write', ...CUSTOM_OBJECT_SCOPES] as const;

/** The HubSpot scope a binding needs to read or write an object (notes and calls ride on contacts). */
export function scopeForObject(object: { name: string; custom: boolean }, write: boolean): string {
  if (object.name === 'tickets') return 'tickets';
  if (object.custom) return `crm.objects.custom.${write ? 'write' : 'read'}`;
  return `crm.objects.${object.name}.${write ? 'write' : 'read'}`;
}
