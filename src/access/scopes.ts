import type { Role } from '../store/schema.ts';

/**
 * Every API scope. Names follow `area:read|write`; the connector's (integrations:*,
 * skills:write) are exactly those of spec §D9.
 */
export const SCOPES = [
  'account:read',
  'account:write',
  'api_keys:read',
  'api_keys:write',
  'users:read',
  'users:write',
  'agents:read',
  'agents:write',
  'actions:read',
  'actions:write',
  'connections:read',
  'connections:write',
  'conversations:read',
  'conversations:write',
  'knowledge:read',
  'knowledge:write',
  'integration_log:read',
  'integrations:connect',
  'integrations:read',
  'integrations:write',
  'skills:write',
  'channels:read',
  'channels:write',
  'deployments:read',
  'deployments:write',
  'teams:read',
  'teams:write',
  'credits:read',
  'credits:write',
] as const;

export type Scope = (typeof SCOPES)[number];

const isRead = (s: Scope) => s.endsWith(':read');
const adminOnly = new Set<Scope>([
  'account:write',
  'api_keys:read',
  'api_keys:write',
  'users:read',
  'users:write',
  'integrations:connect',
  // Buying credits and changing the allotment is billing (Account & Billing in seed 001).
  'credits:write',
]);

/** viewer reads; editor creates, edits and manages the agent; admin does everything. */
export function scopesForRole(role: Role): Scope[] {
  if (role === 'admin') return [...SCOPES];
  if (role === 'editor') return SCOPES.filter((s) => !adminOnly.has(s));
  return SCOPES.filter((s) => isRead(s) && !adminOnly.has(s));
}

export const isScope = (s: string): s is Scope => (SCOPES as readonly string[]).includes(s);
