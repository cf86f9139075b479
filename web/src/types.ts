import type { ActionDefinition } from '../../src/actions/definition/schema.ts';
import type { FlowDefinition } from '../../src/actions/flows/schema.ts';

/** Lifecycle fields the API adds to a stored action or flow (src/actions/routes.ts presentSkill). */
export interface Lifecycle {
  id: string;
  agentId: string;
  status: 'draft' | 'published' | 'unpublished';
  publishedVersion: number | null;
  latestVersion: number;
  createdAt: string;
  updatedAt: string;
}
export type Action = ActionDefinition & Lifecycle;
export type Flow = FlowDefinition & Lifecycle & { kind: 'read' | 'write' };

export interface TestResult {
  ok: boolean;
  request?: { method: string; url: string; headers: Record<string, string>; body?: string };
  status?: number;
  durationMs: number;
  body?: string;
  outputs: Record<string, unknown>;
  error?: { class?: string; message: string; details?: Array<{ path: string; message: string }> };
}

export interface Connection {
  id: string;
  key: string;
  name: string;
  type: string;
  secretsSet: string[];
  allowedHosts?: string[];
  description?: string;
  [k: string]: unknown;
}

/**
 * A channel as the API shows it (src/channels/routes.ts channelView): secrets only by name.
 * Written out here: the server's ChannelView type lives beside its database code.
 */
export interface Channel {
  id: string;
  type: string;
  name: string;
  publicId: string | null;
  config: Record<string, unknown>;
  secretsSet: string[];
  createdAt: string;
  updatedAt: string;
}

/** What a channel type needs, from GET /api/v1/channel-types (src/channels/setup-routes.ts). */
export interface ChannelTypeInfo {
  type: string;
  config: import('./components/json-schema.ts').JsonSchema;
  secrets: Array<{ name: string; minLength: number; generated: boolean }>;
  publicId: boolean;
  webhookPath: string | null;
  canSendTest: boolean;
}
