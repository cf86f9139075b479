import type { KnowledgeAnswer } from '../knowledge/types.ts';
import type { ExtractContext } from '../understanding/extract/index.ts';
import type { Catalog, CatalogSkill } from './catalog.ts';
import type { CodeCheck } from './verification.ts';

/**
 * Everything an engine needs from the outside world for one turn. The service provides
 * the real adapters; the engines stay free of I/O details and decide the same way for the
 * same inputs.
 */
export interface RunOutcome {
  ok: boolean;
  outputs: Record<string, unknown>;
  status?: number;
  request?: { method: string; url: string };
  error?: { class: string; message: string };
  /** The write had already run for this idempotency key: its stored result was returned. */
  replayed?: boolean;
  /** A previous attempt started the call and never recorded its end: do not call again. */
  uncertain?: boolean;
}

export interface ContactFacts {
  name: string | null;
  email: string | null;
  phone: string | null;
  verified: boolean;
}

export interface TurnPorts {
  conversationId: string;
  catalog: Catalog;
  agent: { name: string; handoffTopics: string[]; maxFailures: number };
  contact: ContactFacts;
  extract: ExtractContext;
  knowledge(question: string): KnowledgeAnswer | null;
  /** Runs a skill once per runId: a second call with the same runId returns the first result. */
  run(skill: CatalogSkill, values: Record<string, unknown>, runId: string): Promise<RunOutcome>;
  canSendCodes: boolean;
  sendCode(email: string): Promise<void>;
  checkCode(code: string): Promise<CodeCheck>;
  /** Unique ids for pending invocations. */
  newRunId(): string;
}

export interface EngineOutput {
  replies: string[];
  handoff?: string;
}
