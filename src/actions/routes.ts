import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../context.ts';
import { sentFields } from '../server/json-body.ts';
import { principalOf } from '../server/plugins/auth.ts';
import { invalid } from '../shared/errors.ts';
import type { SkillType } from '../store/schema.ts';
import { parseJsonPreservingNumbers } from './definition/json-numbers.ts';
import { type ActionDefinition, actionDefinitionSchema } from './definition/schema.ts';
import { executeSkill, runnableSkill } from './execute.ts';
import { flowDefinitionSchema } from './flows/schema.ts';
import { maskInputs } from './integration-log.ts';
import {
  createSkill,
  deleteSkill,
  findSkill,
  kindOf,
  listSkills,
  listVersions,
  publishSkill,
  type SkillView,
  toSkillView,
  unpublishSkill,
  updateSkill,
} from './skills.ts';

const skillResponse = z.looseObject({
  id: z.string(),
  agentId: z.string(),
  status: z.enum(['draft', 'published', 'unpublished']),
  publishedVersion: z.number().nullable(),
  latestVersion: z.number(),
  kind: z.enum(['read', 'write']),
  createdAt: z.string(),
  updatedAt: z.string(),
});

/** The API shows a skill as its definition plus lifecycle fields. */
export const presentSkill = (v: SkillView) => ({
  ...v.definition,
  id: v.id,
  agentId: v.agentId,
  status: v.status,
  publishedVersion: v.publishedVersion,
  latestVersion: v.latestVersion,
  kind: v.kind,
  createdAt: v.createdAt,
  updatedAt: v.updatedAt,
});

const testResponse = z.looseObject({
  ok: z.boolean(),
  request: z.unknown().optional(),
  status: z.number().optional(),
  durationMs: z.number(),
  body: z.string().optional(),
  outputs: z.record(z.string(), z.unknown()),
  error: z.unknown().optional(),
});

/** Actions and flows: the same lifecycle routes under each agent (B1–B10). */
export async function skillRoutes(app: FastifyInstance, { ctx }: { ctx: AppContext }): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db } = ctx;
  const exec = { db, keyring: ctx.keyring, devHosts: ctx.config.devHosts };

  for (const type of ['action', 'flow'] as const satisfies SkillType[]) {
    const plural = `${type}s`;
    const base = `/api/v1/agents/:agentId/${plural}`;
    const item = `${base}/:${type}Id`;
    const tags = [plural];
    const schema = type === 'action' ? actionDefinitionSchema : flowDefinitionSchema;
    const params = z.object({ agentId: z.string(), [`${type}Id`]: z.string() }) as unknown as z.ZodObject<{
      agentId: z.ZodString;
    }>;
    const idOf = (p: unknown) => (p as Record<string, string>)[`${type}Id`]!;
    const agentParams = z.object({ agentId: z.string() });
    const present = async (row: Parameters<typeof toSkillView>[0]) =>
      presentSkill(toSkillView(row, await kindOf(db, row)));

    r.get(
      base,
      {
        config: { scope: 'actions:read' },
        schema: {
          tags,
          summary: `List the agent's ${plural}`,
          params: agentParams,
          response: { 200: z.object({ [plural]: z.array(skillResponse) }) },
        },
      },
      async (req) => {
        const rows = await listSkills(db, principalOf(req).accountId, req.params.agentId, type);
        return { [plural]: await Promise.all(rows.map(present)) };
      },
    );
    r.post(
      base,
      {
        config: { scope: 'actions:write' },
        schema: {
          tags,
          summary: `Create a ${type} (as a draft)`,
          params: agentParams,
          body: schema,
          response: { 201: skillResponse },
        },
      },
      async (req, reply) => {
        const view = await createSkill(db, principalOf(req).accountId, req.params.agentId, type, req.body);
        return reply.status(201).send(presentSkill(view));
      },
    );
    r.get(
      item,
      {
        config: { scope: 'actions:read' },
        schema: { tags, summary: `Get a ${type} (by id or key)`, params, response: { 200: skillResponse } },
      },
      async (req) =>
        present(await findSkill(db, principalOf(req).accountId, req.params.agentId, type, idOf(req.params))),
    );
    r.patch(
      item,
      {
        config: { scope: 'actions:write' },
        schema: {
          tags,
          summary: `Edit a ${type} that is not published (409 otherwise); omitted fields stay`,
          params,
          body: schema.partial(),
          response: { 200: skillResponse },
        },
      },
      async (req) =>
        presentSkill(
          await updateSkill(
            db,
            principalOf(req).accountId,
            req.params.agentId,
            type,
            idOf(req.params),
            sentFields(req),
          ),
        ),
    );
    r.delete(
      item,
      {
        config: { scope: 'actions:write' },
        schema: { tags, summary: `Delete a ${type} that is not published (409 otherwise)`, params },
      },
      async (req, reply) => {
        await deleteSkill(db, principalOf(req).accountId, req.params.agentId, type, idOf(req.params));
        return reply.status(204).send();
      },
    );
    r.post(
      `${item}/publish`,
      {
        config: { scope: 'actions:write' },
        schema: {
          tags,
          summary: `Publish: a new immutable numbered version`,
          params,
          response: { 200: skillResponse },
        },
      },
      async (req) =>
        presentSkill(
          await publishSkill(
            db,
            await findSkill(db, principalOf(req).accountId, req.params.agentId, type, idOf(req.params)),
          ),
        ),
    );
    r.post(
      `${item}/unpublish`,
      {
        config: { scope: 'actions:write' },
        schema: {
          tags,
          summary: `Unpublish (the agent stops using it)`,
          params,
          response: { 200: skillResponse },
        },
      },
      async (req) =>
        presentSkill(
          await unpublishSkill(
            db,
            await findSkill(db, principalOf(req).accountId, req.params.agentId, type, idOf(req.params)),
          ),
        ),
    );
    r.get(
      `${item}/versions`,
      {
        config: { scope: 'actions:read' },
        schema: {
          tags,
          summary: 'Published versions, newest first',
          params,
          response: {
            200: z.object({
              versions: z.array(
                z.object({ version: z.number(), publishedAt: z.string(), definition: z.unknown() }),
              ),
            }),
          },
        },
      },
      async (req) => ({
        versions: await listVersions(
          db,
          await findSkill(db, principalOf(req).accountId, req.params.agentId, type, idOf(req.params)),
        ),
      }),
    );
    r.post(
      `${item}/test`,
      {
        config: { scope: 'actions:write' },
        schema: {
          tags,
          summary: `Make a test call with sample inputs, without publishing (B8); recorded in the integration log`,
          params,
          body: z.object({ inputs: z.record(z.string(), z.unknown()).default({}) }),
          response: { 200: testResponse },
        },
      },
      async (req) => {
        const p = principalOf(req);
        const row = await findSkill(db, p.accountId, req.params.agentId, type, idOf(req.params));
        // Strict typing needs the spelling of numbers (`3.0` is not an integer), so read the raw body.
        const raw = req.rawBody
          ? (parseJsonPreservingNumbers(req.rawBody) as { inputs?: unknown })
          : req.body;
        const inputs = raw.inputs ?? {};
        if (typeof inputs !== 'object' || inputs === null || Array.isArray(inputs)) {
          throw invalid('inputs must be an object.', [{ path: 'inputs', message: 'expected an object' }]);
        }
        const skill = await runnableSkill(db, row, true);
        const run = await executeSkill(exec, skill, inputs, { mode: 'test', includeResponseBody: true });
        if (run.type === 'action') {
          const defs = (skill.definition as ActionDefinition).inputs;
          // Sensitive inputs come back masked, as in the integration log.
          return {
            ...run.result,
            ...(run.result.inputs ? { inputs: maskInputs(defs, run.result.inputs) } : {}),
          };
        }
        const last = run.result.steps.at(-1)?.result;
        return {
          ok: run.result.ok,
          durationMs: run.result.durationMs,
          outputs: run.result.outputs,
          steps: run.result.steps,
          ...(last?.request ? { request: last.request } : {}),
          ...(last?.status !== undefined ? { status: last.status } : {}),
          ...(run.result.failedStep
            ? { error: { ...run.result.failedStep.error, step: run.result.failedStep.index } }
            : {}),
          ...(run.result.error ? { error: run.result.error } : {}),
        };
      },
    );
  }
}
