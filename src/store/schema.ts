import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';

/**
 * The database's tables as TypeScript types: the single source the query layer checks
 * every query against. Migrations in ./migrations create exactly these.
 */
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Json<T> = ColumnType<T, string, string>;

export interface AccountsTable {
  id: string;
  name: string;
  settings: Json<Record<string, unknown>>;
  created_at: Generated<Date>;
}

export type Role = 'viewer' | 'editor' | 'admin';

export interface UsersTable {
  id: string;
  account_id: string;
  email: string;
  name: string;
  role: Role;
  created_at: Generated<Date>;
}

export interface ApiKeysTable {
  id: string;
  account_id: string;
  name: string;
  /** The visible part, e.g. `fdk_AbCd1234`. */
  prefix: string;
  /** sha256 of the whole key; the key itself is never stored. */
  hash: string;
  scopes: Json<string[]>;
  created_by: string | null;
  created_at: Generated<Date>;
  last_used_at: Timestamp | null;
  revoked_at: Timestamp | null;
}

export interface AgentsTable {
  id: string;
  account_id: string;
  name: string;
  tone: string;
  greeting: string;
  guidelines: Json<string[]>;
  languages: Json<string[]>;
  settings: Json<Record<string, unknown>>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface ConnectionsTable {
  id: string;
  account_id: string;
  key: string;
  type: string;
  /** The public part of the connection (no secrets). */
  definition: Json<Record<string, unknown>>;
  /** The write-only part, sealed by the keyring (context `connection:<id>`). */
  secrets: string | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export type SkillType = 'action' | 'flow';
export type SkillStatus = 'draft' | 'published' | 'unpublished';

/** Actions and flows: what an agent can do. */
export interface SkillsTable {
  id: string;
  account_id: string;
  agent_id: string;
  type: SkillType;
  key: string;
  name: string;
  status: SkillStatus;
  definition: Json<Record<string, unknown>>;
  published_version: number | null;
  latest_version: Generated<number>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

/** Each publish, immutable. */
export interface SkillVersionsTable {
  skill_id: string;
  account_id: string;
  version: number;
  definition: Json<Record<string, unknown>>;
  published_at: Generated<Date>;
}

export type RunMode = 'test' | 'preview' | 'live';

export interface IntegrationLogTable {
  id: string;
  account_id: string;
  skill_id: string | null;
  skill_key: string;
  version: number | null;
  conversation_id: string | null;
  mode: RunMode;
  ok: boolean;
  status_code: number | null;
  error_class: string | null;
  error_message: string | null;
  request_line: string;
  inputs: Json<Record<string, unknown>>;
  outputs: Json<Record<string, unknown>>;
  duration_ms: number;
  created_at: Generated<Date>;
}

export interface ContactsTable {
  id: string;
  account_id: string;
  name: string | null;
  email: string | null;
  phone: string | null;
  external_id: string | null;
  time_zone: string | null;
  /** How the contact proved who they are: `{widget?, email?, phone?}` with timestamps. */
  verification: Json<Record<string, string>>;
  created_at: Generated<Date>;
}

export type ConversationState = 'bot' | 'awaiting_input' | 'awaiting_confirmation' | 'handed_off' | 'closed';

export interface ConversationsTable {
  id: string;
  account_id: string;
  agent_id: string;
  contact_id: string;
  channel: string;
  draft: Generated<boolean>;
  state: ConversationState;
  /** The engine's serialisable state between turns (pending action, collected inputs, …). */
  memory: Json<Record<string, unknown>>;
  tokens_used: Generated<number>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export type MessageRole = 'customer' | 'agent' | 'human' | 'system';

export interface MessagesTable {
  id: string;
  account_id: string;
  conversation_id: string;
  seq: number;
  role: MessageRole;
  text: string;
  client_message_id: string | null;
  /** For a customer message: the turn it produced (replies, state, trace), so a retry answers the same. */
  turn: Json<Record<string, unknown>> | null;
  created_at: Generated<Date>;
}

export interface ActionRunsTable {
  id: string;
  account_id: string;
  conversation_id: string;
  skill_key: string;
  version: number | null;
  idempotency_key: string;
  inputs: Json<Record<string, unknown>>;
  status: 'started' | 'succeeded' | 'failed';
  result: Json<Record<string, unknown>> | null;
  created_at: Generated<Date>;
  completed_at: Timestamp | null;
}

export interface HandoffsTable {
  id: string;
  account_id: string;
  conversation_id: string;
  reason: string;
  summary: string;
  assignee: string | null;
  created_at: Generated<Date>;
  resolved_at: Timestamp | null;
}

export interface VerificationCodesTable {
  id: string;
  account_id: string;
  conversation_id: string;
  email: string;
  code_hash: string;
  attempts: Generated<number>;
  expires_at: Timestamp;
  verified_at: Timestamp | null;
  created_at: Generated<Date>;
}

export interface KnowledgeSourcesTable {
  id: string;
  account_id: string;
  agent_id: string;
  kind: 'faq' | 'document';
  title: string;
  content: Json<Record<string, unknown>>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

/** HubSpot connector (spec §D); see migrations/0010_hubspot.ts. */
export interface HubSpotConnectionsTable {
  account_id: string;
  status: 'connected' | 'reconnect_needed';
  hub_id: string;
  scopes: Json<string[]>;
  /** `{access, refresh}` sealed by the keyring (context `hubspot:<accountId>`). */
  tokens: string;
  access_expires_at: Timestamp;
  connected_by: string | null;
  last_error: string | null;
  connected_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface HubSpotOAuthStatesTable {
  /** sha256 of the state; the state itself only travels in the OAuth URL. */
  state_hash: string;
  account_id: string;
  user_id: string | null;
  redirect_uri: string;
  scopes: Json<string[]>;
  expires_at: Timestamp;
  used_at: Timestamp | null;
  created_at: Generated<Date>;
}

export interface HubSpotObjectsTable {
  account_id: string;
  name: string;
  object_type_id: string;
  label: string;
  custom: boolean;
  properties: Json<Array<Record<string, unknown>>>;
  discovered_at: Generated<Date>;
}

export interface HubSpotSkillsTable {
  id: string;
  account_id: string;
  agent_id: string;
  key: string;
  source: 'pack' | 'binding';
  kind: 'read' | 'write';
  definition: Json<Record<string, unknown>>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface HubSpotWritebackSettingsTable {
  account_id: string;
  mode: 'off' | 'summary' | 'summary_transcript';
  on_no_match: 'skip' | 'create';
  /** When logging was last switched on; conversations that ended before are never written. */
  enabled_at: Timestamp | null;
  skipped_count: Generated<number>;
  updated_at: Generated<Date>;
}

export interface HubSpotWritebacksTable {
  conversation_id: string;
  account_id: string;
  status: 'started' | 'written' | 'skipped';
  engagement_type: 'note' | 'call' | null;
  engagement_id: string | null;
  hubspot_contact_id: string | null;
  reason: string | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface HubSpotContactLinksTable {
  contact_id: string;
  account_id: string;
  hubspot_contact_id: string;
  updated_at: Generated<Date>;
}

export interface DB {
  accounts: AccountsTable;
  users: UsersTable;
  api_keys: ApiKeysTable;
  agents: AgentsTable;
  connections: ConnectionsTable;
  skills: SkillsTable;
  skill_versions: SkillVersionsTable;
  integration_log: IntegrationLogTable;
  contacts: ContactsTable;
  conversations: ConversationsTable;
  messages: MessagesTable;
  action_runs: ActionRunsTable;
  handoffs: HandoffsTable;
  verification_codes: VerificationCodesTable;
  knowledge_sources: KnowledgeSourcesTable;
  hubspot_connections: HubSpotConnectionsTable;
  hubspot_oauth_states: HubSpotOAuthStatesTable;
  hubspot_objects: HubSpotObjectsTable;
  hubspot_skills: HubSpotSkillsTable;
  hubspot_writeback_settings: HubSpotWritebackSettingsTable;
  hubspot_writebacks: HubSpotWritebacksTable;
  hubspot_contact_links: HubSpotContactLinksTable;
}

export type AccountRow = Selectable<AccountsTable>;
export type ApiKeyRow = Selectable<ApiKeysTable>;
export type AgentRow = Selectable<AgentsTable>;
export type NewAgent = Insertable<AgentsTable>;
export type ConnectionRow = Selectable<ConnectionsTable>;
export type SkillRow = Selectable<SkillsTable>;
export type IntegrationLogRow = Selectable<IntegrationLogTable>;
export type ContactRow = Selectable<ContactsTable>;
export type ConversationRow = Selectable<ConversationsTable>;
export type MessageRow = Selectable<MessagesTable>;
