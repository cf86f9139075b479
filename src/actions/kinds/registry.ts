import type { Kysely } from 'kysely';
import type { z } from 'zod';
import type { ResolvedConnection } from '../../connections/definition.ts';
import type { AppContext } from '../../context.ts';
import type { DB, SkillRow, SkillType } from '../../store/schema.ts';
import type { ActionDefinition, InputDefinition } from '../definition/schema.ts';
import type { ActionRunResult, RunActionOptions } from '../runner/run-action.ts';

/**
 * Skill kinds (action, flow, next the CRM bindings) are a registry: each kind says how to
 * validate its definition, whether it reads or writes, how to run it and how to present a
 * run, so the lifecycle, the executor, the routes, `apply` and the conversation catalog
 * look a kind up instead of switching on its name. A new kind calls `registerSkillKind`.
 */

type Db = Kysely<DB>;
export type Access = 'read' | 'write';

/** What every kind's definition carries: the catalog and the router read only these. */
export interface SkillDefinition {
  key: string;
  name: string;
  description: string;
  triggers: string[];
  inputs: InputDefinition[];
  requiresVerifiedIdentity: boolean;
  responseTemplate?: string | undefined;
  responseInstructions: string;
}

/** A skill as it runs: a definition and the version it came from (null for a draft). */
export interface RunnableSkill {
  id: string;
  accountId: string;
  agentId: string;
  /** A registered kind's `type` (a new kind widens `SkillType` with its migration). */
  type: SkillType;
  key: string;
  version: number | null;
  definition: SkillDefinition;
}

/** The one shape a run of any kind is summarised in (conversations, idempotent replays). */
export interface SkillRunSummary {
  ok: boolean;
  outputs: Record<string, unknown>;
  status?: number;
  request?: { method: string; url: string };
  error?: { class: string; message: string };
  /** Flows: one line per step that ran. */
  steps?: { index: number; action: string; ok: boolean; status?: number }[];
}

/** The API view of a test call (POST …/test). */
export interface TestRunView {
  ok: boolean;
  durationMs: number;
  outputs: Record<string, unknown>;
  [field: string]: unknown;
}

/** What a kind's run returns: the shared summary and its own full result (for `presentRun`). */
export interface KindRun<R = unknown> {
  summary: SkillRunSummary;
  result: R;
}

/** What the executor lends a kind while it runs (the kind does no wiring of its own). */
export interface RunPorts {
  db: Db;
  options: RunActionOptions;
  context?: Record<string, unknown> | undefined;
  /** The connection for an action's request, pinned to its host on first use. */
  connectionFor(action: ActionDefinition): Promise<ResolvedConnection | undefined>;
  /** Records one outbound call in the integration log. */
  record(skill: RunnableSkill, result: ActionRunResult): Promise<unknown>;
  /** A sibling skill of the same agent by type and key, as this run mode may use it. */
  load(type: string, key: string): Promise<RunnableSkill | undefined>;
  /** The running process, for kinds that call an integration with its own client (crm). */
  app?: AppContext | undefined;
}

export interface SkillScope {
  db: Db;
  accountId: string;
  agentId: string;
}

export interface SkillKind<D extends SkillDefinition = SkillDefinition, R = unknown> {
  /** Stored in `skills.type`. */
  type: string;
  /** The word in messages and the `kind` of `apply` resources ("Action"). */
  label: string;
  idPrefix: string;
  /** Export and apply order: lower first (a flow needs its actions). */
  order: number;
  /** The lifecycle routes `/agents/:agentId/<plural>` with this body schema, when given. */
  routes?: { plural: string; schema: z.ZodObject };
  /** Parses and checks a definition (throws 422 with field paths). */
  validate(scope: SkillScope, value: unknown): Promise<{ definition: D; access: Access }>;
  /** Whether a stored definition reads or writes. */
  access(scope: SkillScope, definition: D): Promise<Access>;
  run(skill: RunnableSkill & { definition: D }, inputs: unknown, ports: RunPorts): Promise<KindRun<R>>;
  /** The API view of a test call. */
  presentRun(skill: RunnableSkill & { definition: D }, result: R): TestRunView;
  /** Lifecycle guards; each throws to refuse. */
  beforeCreate?(scope: SkillScope): Promise<void>;
  beforeDelete?(db: Db, row: SkillRow): Promise<void>;
  beforePublish?(db: Db, row: SkillRow, definition: D): Promise<void>;
  beforeUnpublish?(db: Db, row: SkillRow, opts: { replacing?: boolean }): Promise<void>;
}

// biome-ignore lint/suspicious/noExplicitAny: kinds differ in definition and result types
type AnyKind = SkillKind<any, any>;
const kinds = new Map<string, AnyKind>();

export function registerSkillKind<D extends SkillDefinition, R>(kind: SkillKind<D, R>): void {
  if (kinds.has(kind.type)) throw new Error(`skill kind "${kind.type}" is already registered`);
  kinds.set(kind.type, kind as AnyKind);
}

/** For tests that register a fake kind. */
export function unregisterSkillKind(type: string): void {
  kinds.delete(type);
}

export function skillKind(type: string): AnyKind {
  const kind = kinds.get(type);
  if (!kind) throw new Error(`unknown skill kind "${type}"`);
  return kind;
}

export function skillKindByLabel(label: string): AnyKind | undefined {
  return [...kinds.values()].find((k) => k.label === label);
}

/** Every kind, in apply order. */
export function skillKinds(): AnyKind[] {
  return [...kinds.values()].sort((a, b) => a.order - b.order);
}
