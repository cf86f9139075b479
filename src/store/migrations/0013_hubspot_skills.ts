import { type Kysely, sql } from 'kysely';
import { crmSkillDefinition } from '../../integrations/hubspot/crm-definition.ts';

/**
 * HubSpot skills become a skill kind (`crm`) beside actions and flows: one table of what an
 * agent can do, so the catalog, the engines and their gates see them like any other skill.
 * The rows of `hubspot_skills` move into `skills` (published, version 1) and the table goes.
 * Also: HubSpot request pacing moves into the database, shared by every process.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table skills drop constraint skills_type_check`.execute(db);
  await sql`alter table skills add constraint skills_type_check check (type in ('action','flow','crm'))`.execute(
    db,
  );
  const rows = await sql<{
    id: string;
    account_id: string;
    agent_id: string;
    definition: Record<string, unknown>;
  }>`select id, account_id, agent_id, definition from hubspot_skills order by created_at`.execute(db);
  for (const r of rows.rows) {
    const definition = crmSkillDefinition(r.definition);
    const json = JSON.stringify(definition);
    const moved =
      await sql`insert into skills (id, account_id, agent_id, type, key, name, status, definition, published_version, latest_version)
      values (${r.id}, ${r.account_id}, ${r.agent_id}, 'crm', ${definition.key}, ${definition.name}, 'published', ${json}::jsonb, 1, 1)
      on conflict do nothing returning id`.execute(db);
    if (moved.rows.length)
      await sql`insert into skill_versions (skill_id, account_id, version, definition)
        values (${r.id}, ${r.account_id}, 1, ${json}::jsonb)`.execute(db);
  }
  await sql`drop table hubspot_skills`.execute(db);

  // HubSpot's per-account limits, paced in one place for every process (pacer.ts).
  await sql`create table hubspot_pacing (
    account text not null, bucket text not null check (bucket in ('burst','search')),
    starts jsonb not null default '[]', hold_until double precision not null default 0,
    primary key (account, bucket))`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table hubspot_pacing`.execute(db);
  await sql`create table hubspot_skills (
    id text primary key, account_id text not null references accounts(id) on delete cascade,
    agent_id text not null references agents(id) on delete cascade, key text not null,
    source text not null check (source in ('pack','binding')), kind text not null check (kind in ('read','write')),
    definition jsonb not null, created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(), constraint hubspot_skills_agent_key unique (agent_id, key))`.execute(
    db,
  );
  await sql`delete from skills where type = 'crm'`.execute(db);
  await sql`alter table skills drop constraint skills_type_check`.execute(db);
  await sql`alter table skills add constraint skills_type_check check (type in ('action','flow'))`.execute(
    db,
  );
}
