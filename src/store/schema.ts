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
  /** Bumped by the database whenever the agent's skills or knowledge change (cache stamp). */
  revision: Generated<number>;
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

export type SkillType = 'action' | 'flow' | 'crm';
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
  created_at: Generated<Date>;
}

/** One way to recognise a contact: email, E.164 phone, external id or a channel's own id. */
export interface ContactIdentitiesTable {
  id: string;
  account_id: string;
  contact_id: string;
  type: string;
  value: string;
  /** Set when the identity was proved (a code, a signed widget token, a caller id, a vouching backend). */
  verified_at: Timestamp | null;
  verified_via: string | null;
  created_at: Generated<Date>;
}

/** The API's one-word view of a conversation (status, owner and what the engine waits for). */
export type ConversationState = 'bot' | 'awaiting_input' | 'awaiting_confirmation' | 'handed_off' | 'closed';
export type ConversationStatus = 'open' | 'closed';
export type OwnerType = 'agent' | 'user' | 'team' | 'unassigned';
/** `delivered` and `read`: receipts from channels that report them (WhatsApp, Messenger). */
export const DELIVERY_STATES = ['queued', 'sent', 'delivered', 'read', 'failed'] as const;
export type Delivery = (typeof DELIVERY_STATES)[number];

export interface ConversationsTable {
  id: string;
  account_id: string;
  agent_id: string;
  contact_id: string;
  /** The channel type (api, livechat, custom, …). */
  channel: string;
  /** The registered channel it arrived on; null for the API channel. */
  channel_id: string | null;
  draft: Generated<boolean>;
  status: Generated<ConversationStatus>;
  owner_type: Generated<OwnerType>;
  owner_id: string | null;
  /** The sequence number the next message takes (read and bumped in the turn's transaction). */
  next_seq: Generated<number>;
  last_activity_at: Generated<Date>;
  closed_at: Timestamp | null;
  close_reason: string | null;
  /** Identity ids proved in this conversation (a vouching backend, a signed token, a caller id, a code). */
  verified_identities: Json<string[]>;
  /** While a turn runs: the time its lease on the conversation ends (no pooled connection is held). */
  lease_until: Timestamp | null;
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
  /** The channel's id for an inbound message (the API's clientMessageId): a redelivery is stored once. */
  channel_message_id: string | null;
  /** For a customer message: the turn it produced (replies, state, trace), so a retry answers the same. */
  turn: Json<Record<string, unknown>> | null;
  /** For an outbound message: its structured parts, rendered per channel. */
  parts: Json<unknown[]> | null;
  /** For an outbound message: the inbound message whose turn produced it. */
  reply_to: string | null;
  /** For a person's message: the user who wrote it. */
  author_id: string | null;
  /** For an inbound message: when its turn ran (null: accepted, not yet processed). */
  processed_at: Timestamp | null;
  /** For an outbound message: the outbox state. */
  delivery: Delivery | null;
  delivery_error: string | null;
  delivery_attempts: Generated<number>;
  delivered_at: Timestamp | null;
  /** While one worker sends the message: no other sends it at the same time. */
  delivery_lease_until: Timestamp | null;
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

/** An internal note on a conversation (E8): people only; never delivered, never read by the engine. */
export interface ConversationNotesTable {
  id: string;
  account_id: string;
  conversation_id: string;
  author_id: string | null;
  text: string;
  created_at: Generated<Date>;
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
  kind: 'faq' | 'document' | 'website';
  title: string;
  content: Json<Record<string, unknown>>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
  enabled: Generated<boolean>;
  state: Generated<'queued' | 'indexing' | 'ready' | 'failed'>;
  state_reason: string | null;
  last_synced_at: Date | null;
  /** Bumped by every change of the source or its pages: the knowledge index's staleness stamp. */
  revision: Generated<number>;
}

export interface KnowledgePagesTable {
  id: string;
  account_id: string;
  source_id: string;
  url: string;
  title: string;
  sections: Json<unknown[]>;
  links: Json<string[]>;
  etag: string | null;
  last_modified: string | null;
  content_hash: string;
  fetched_at: Generated<Date>;
  updated_at: Generated<Date>;
}

/** A channel customers reach the agent on (E1); secrets sealed (context `channel:<id>`). */
export interface ChannelsTable {
  id: string;
  account_id: string;
  type: string;
  name: string;
  public_id: string | null;
  config: Json<Record<string, unknown>>;
  secrets: string | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface TeamsTable {
  id: string;
  account_id: string;
  name: string;
  picks: Generated<number>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface TeamMembersTable {
  team_id: string;
  user_id: string;
  account_id: string;
  position: number;
  last_pick: number | null;
}

/** A Message-ID seen (in) or sent (out) on an email channel, and its conversation. */
export interface EmailThreadsTable {
  channel_id: string;
  message_id: string;
  account_id: string;
  conversation_id: string;
  direction: 'in' | 'out';
  sender: string | null;
  created_at: Generated<Date>;
}

/** What a reply on an email conversation needs: where to, the parent's ids, the subject, the token. */
export interface EmailConversationsTable {
  conversation_id: string;
  account_id: string;
  channel_id: string;
  /** Plus-address token (`support+<token>@…`) that threads a reply without headers. */
  token: string;
  reply_to: string;
  subject: string;
  parent_message_id: string | null;
  parent_references: Json<string[]>;
  updated_at: Generated<Date>;
}

/** An agent assigned to a channel with working hours (E2–E4). */
export interface DeploymentsTable {
  id: string;
  account_id: string;
  agent_id: string;
  channel_id: string;
  hours: Json<Record<string, unknown>>;
  when_unavailable: Json<Record<string, unknown>>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface AgentSwitchTable {
  account_id: string;
  is_on: boolean;
  updated_at: Generated<Date>;
}

export interface RoutingRulesTable {
  id: string;
  account_id: string;
  name: string;
  position: number;
  enabled: Generated<boolean>;
  condition: Json<unknown>;
  target: Json<Record<string, unknown>>;
  message: string | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export type CreditPeriod = 'day' | 'week' | 'month' | 'year';

export interface CreditAccountsTable {
  account_id: string;
  allotment: number | null;
  period: CreditPeriod;
  period_start: Timestamp;
  period_end: Timestamp;
  period_anchor: Timestamp;
  allotment_left: number;
  purchased_left: Generated<number>;
  auto_top_up: Json<{ enabled: boolean; packSize: number; maxPerPeriod: number }>;
  auto_top_ups_in_period: Generated<number>;
  updated_at: Generated<Date>;
}

export interface CreditTopUpsTable {
  id: string;
  account_id: string;
  credits: number;
  source: 'purchase' | 'auto';
  note: string | null;
  created_at: Generated<Date>;
}

export interface CreditUsageTable {
  id: string;
  account_id: string;
  conversation_id: string;
  agent_id: string;
  channel: string;
  source: 'allotment' | 'purchased' | 'unlimited';
  created_at: Timestamp;
}

/** The one routing decision of a conversation, taken when it started. */
export interface RoutingDecisionsTable {
  conversation_id: string;
  account_id: string;
  owner: Json<Record<string, unknown>> | null;
  reason: string | null;
  rule_id: string | null;
  message: string | null;
  credit_consumed: Generated<boolean>;
  created_at: Generated<Date>;
}

/** Browser sign-in (0007): a user's scrypt password hash. */
export interface UserPasswordsTable {
  user_id: string;
  hash: string;
  updated_at: Generated<Date>;
}

/** A browser session; only the sha256 of its cookie token is stored. */
export interface SessionsTable {
  id: string;
  account_id: string;
  user_id: string;
  token_hash: string;
  csrf_token: string;
  created_at: Generated<Date>;
  expires_at: Date;
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

/** Per-account HubSpot request pacing, shared by every process (one row per limit). */
export interface HubSpotPacingTable {
  account: string;
  bucket: string;
  /** Booked request starts, epoch ms ascending. */
  starts: Json<number[]>;
  /** No start before this (epoch ms), after a 429 with Retry-After. */
  hold_until: number;
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

/** A number that replied STOP on an SMS channel: nothing is sent to it until START. */
export interface SmsOptOutsTable {
  channel_id: string;
  account_id: string;
  phone: string;
  created_at: Generated<Date>;
}

/** A piece of a long SMS reply Twilio accepted (its Message SID): a retry skips it. */
export interface SmsPartsTable {
  message_id: string;
  part: number;
  provider_id: string;
  sent_at: Generated<Date>;
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
  contact_identities: ContactIdentitiesTable;
  conversations: ConversationsTable;
  messages: MessagesTable;
  action_runs: ActionRunsTable;
  handoffs: HandoffsTable;
  verification_codes: VerificationCodesTable;
  knowledge_sources: KnowledgeSourcesTable;
  knowledge_pages: KnowledgePagesTable;
  channels: ChannelsTable;
  teams: TeamsTable;
  team_members: TeamMembersTable;
  deployments: DeploymentsTable;
  agent_switch: AgentSwitchTable;
  routing_rules: RoutingRulesTable;
  credit_accounts: CreditAccountsTable;
  credit_top_ups: CreditTopUpsTable;
  credit_usage: CreditUsageTable;
  routing_decisions: RoutingDecisionsTable;
  user_passwords: UserPasswordsTable;
  sessions: SessionsTable;
  hubspot_connections: HubSpotConnectionsTable;
  hubspot_oauth_states: HubSpotOAuthStatesTable;
  hubspot_objects: HubSpotObjectsTable;
  hubspot_pacing: HubSpotPacingTable;
  hubspot_writeback_settings: HubSpotWritebackSettingsTable;
  hubspot_writebacks: HubSpotWritebacksTable;
  hubspot_contact_links: HubSpotContactLinksTable;
  sms_opt_outs: SmsOptOutsTable;
  sms_parts: SmsPartsTable;
  email_threads: EmailThreadsTable;
  email_conversations: EmailConversationsTable;
  conversation_notes: ConversationNotesTable;
  meta_recipients: MetaRecipientsTable;
}

/** WhatsApp/Messenger: whom a channel's replies to a contact go to, and when they last wrote. */
export interface MetaRecipientsTable {
  channel_id: string;
  contact_id: string;
  account_id: string;
  recipient_id: string;
  last_inbound_at: Date;
}

export type AccountRow = Selectable<AccountsTable>;
export type ApiKeyRow = Selectable<ApiKeysTable>;
export type AgentRow = Selectable<AgentsTable>;
export type NewAgent = Insertable<AgentsTable>;
export type ConnectionRow = Selectable<ConnectionsTable>;
export type SkillRow = Selectable<SkillsTable>;
export type IntegrationLogRow = Selectable<IntegrationLogTable>;
export type ContactRow = Selectable<ContactsTable>;
export type ContactIdentityRow = Selectable<ContactIdentitiesTable>;
export type ConversationRow = Selectable<ConversationsTable>;
export type MessageRow = Selectable<MessagesTable>;
export type ChannelRow = Selectable<ChannelsTable>;
export type DeploymentRow = Selectable<DeploymentsTable>;
export type RoutingRuleRow = Selectable<RoutingRulesTable>;
export type CreditAccountRow = Selectable<CreditAccountsTable>;
