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

export interface DB {
  accounts: AccountsTable;
  users: UsersTable;
  api_keys: ApiKeysTable;
  agents: AgentsTable;
}

export type AccountRow = Selectable<AccountsTable>;
export type ApiKeyRow = Selectable<ApiKeysTable>;
export type AgentRow = Selectable<AgentsTable>;
export type NewAgent = Insertable<AgentsTable>;
