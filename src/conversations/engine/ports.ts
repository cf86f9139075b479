import type { KnowledgeAnswer } from '../../knowledge/types.ts';
import type { ExtractContext } from '../../understanding/extract/index.ts';
import type { LlmMessage, LlmStepResult, LlmTool } from '../../understanding/llm/step.ts';
import type { Catalog, CatalogSkill } from '../catalog.ts';

/**
 * The engine's only way out (spec §C2–§C4): everything a turn reads or does in the world
 * goes through these ports. The turn provides the real adapters; tests provide fakes. The
 * engine itself does no I/O, so the same ports and the same memory give the same decision.
 */
export interface EnginePorts {
  conversationId: string;
  catalog: Catalog;
  agent: EngineAgent;
  contact: ContactFacts;
  extract: ExtractContext;
  knowledge(question: string): KnowledgeAnswer | null;
  /** Runs a skill once per runId: a second call with the same runId returns the first result. */
  run(skill: CatalogSkill, values: Record<string, unknown>, runId: string): Promise<RunOutcome>;
  /** Whether one-time codes can be mailed (an SMTP server is configured). */
  canSendCodes: boolean;
  sendCode(email: string): Promise<void>;
  checkCode(code: string): Promise<CodeCheck>;
  /** Unique ids for pending invocations (their idempotency keys are built from them). */
  newRunId(): string;
  /** The agent's model; absent when the agent has none, and then the built-in engine answers. */
  model?: ModelPort;
}

export interface EngineAgent {
  name: string;
  tone: string;
  greeting: string;
  guidelines: string[];
  /** BCP 47 tags; the first is the default language. */
  languages: string[];
  handoffTopics: string[];
  maxFailures: number;
}

export type IdentityType = 'email' | 'phone' | 'external' | 'channel';

export interface ContactIdentity {
  type: IdentityType;
  value: string;
  verified: boolean;
  /** How it was verified, e.g. 'code', 'caller', 'widget'. */
  via?: string;
}

export interface ContactFacts {
  name: string | null;
  email: string | null;
  phone: string | null;
  identities: ContactIdentity[];
}

/** A contact is verified when any of its identities is: the identity gate trusts only these (C4). */
export const isVerified = (contact: Pick<ContactFacts, 'identities'>): boolean =>
  contact.identities.some((i) => i.verified);

export type CodeCheck = 'verified' | 'wrong' | 'expired' | 'too_many_attempts' | 'none';

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

export interface ModelRequest {
  system: string;
  messages: LlmMessage[];
  tools: LlmTool[];
}

/**
 * One step of the agent's model. Throws the `llm_unavailable` AppError when the model
 * cannot answer: the engine then falls back to the built-in one for this turn.
 */
export interface ModelPort {
  step(request: ModelRequest): Promise<LlmStepResult>;
}
