/** What the HubSpot connector routes answer (src/integrations/hubspot/routes). */
export interface HubSpotConnection {
  status: 'not_connected' | 'connected' | 'reconnect_needed';
  hubId: string | null;
  scopes: string[];
  connectedAt: string | null;
  accessExpiresAt: string | null;
  lastError: string | null;
}

export interface PackSkill {
  key: string;
  name: string;
  description: string;
  kind: 'read' | 'write';
  gated: boolean;
  requiresVerifiedIdentity: boolean;
  installed?: boolean;
}

export interface ObjectSummary {
  name: string;
  objectTypeId: string;
  label: string;
  custom: boolean;
  propertyCount: number;
}

export interface SchemaProperty {
  name: string;
  label: string;
  type: string;
  fieldType: string;
  description: string;
  options: string[];
  readOnly: boolean;
  unique: boolean;
}

export interface SchemaObject extends Omit<ObjectSummary, 'propertyCount'> {
  properties: SchemaProperty[];
}

export interface SchemaHit {
  object: string;
  objectLabel: string;
  property: string | null;
  label: string;
  type: string | null;
}

export interface Writeback {
  mode: 'off' | 'summary' | 'summary_transcript';
  onNoMatch: 'skip' | 'create';
  enabledAt: string | null;
  skippedCount: number;
}

export type Binding = Record<string, unknown> & { key: string; name: string };

/** The query after the hash route, e.g. `#/hubspot?connected=1`. */
export function hashQuery(): URLSearchParams {
  const hash = window.location.hash;
  const i = hash.indexOf('?');
  return new URLSearchParams(i < 0 ? '' : hash.slice(i + 1));
}
