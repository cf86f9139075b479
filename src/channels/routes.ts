import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../context.ts';
import { principalOf } from '../server/plugins/auth.ts';
import { CHANNEL_TYPE_NAMES } from './channel-config.ts';
import {
  createChannel,
  deleteChannel,
  findChannelRow,
  listChannels,
  toChannelView,
  updateChannel,
} from './repository.ts';

const channelView = z.object({
  id: z.string(),
  type: z.string(),
  name: z.string(),
  publicId: z.string().nullable().describe('livechat: the id the embed carries as data-channel.'),
  config: z.record(z.string(), z.unknown()),
  secretsSet: z.array(z.string()).describe('Which secret fields are set; values are never returned.'),
  createdAt: z.string(),
  updatedAt: z.string(),
});
const withSecrets = channelView.extend({
  secrets: z
    .record(z.string(), z.string())
    .describe('Shown once: every secret on create; on update only the ones the server generated.'),
});
const name = z.string().trim().min(1).max(100);
const secrets = z.record(z.string(), z.string()).optional();
const params = z.object({ channelId: z.string() });

/** Channels registry (E1): where customers reach the agent. */
export async function channelRoutes(app: FastifyInstance, { ctx }: { ctx: AppContext }): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db, keyring } = ctx;
  const tags = ['channels'];

  r.get(
    '/api/v1/channels',
    {
      config: { scope: 'channels:read' },
      schema: {
        tags,
        summary: 'List channels',
        response: { 200: z.object({ channels: z.array(channelView) }) },
      },
    },
    async (req) => ({ channels: await listChannels(db, keyring, principalOf(req).accountId) }),
  );
  r.post(
    '/api/v1/channels',
    {
      config: { scope: 'channels:write' },
      schema: {
        tags,
        summary: 'Create a channel; its secrets are returned once, in this response only',
        description: `Types: ${CHANNEL_TYPE_NAMES.join(', ')}. livechat config {allowedOrigins, requireVerifiedIdentity?}, secrets {signingSecret}; custom config {webhookUrl}, secrets {channelKey, webhookSecret}. whatsapp config {phoneNumberId, graphApiUrl?}, messenger config {pageId, graphApiUrl?}, both secrets {appSecret, accessToken, verifyToken}. email config {addresses, from?, fromName?, smtpUrl, smtpUser?, trustAuthenticationResults?, maxRepliesPerHour?}, secrets {smtpPassword} (never generated). Secrets not given are generated.`,
        body: z.object({
          type: z.string(),
          name,
          config: z.record(z.string(), z.unknown()).optional(),
          secrets,
        }),
        response: { 201: withSecrets },
      },
    },
    async (req, reply) => {
      const { channel, secrets } = await createChannel(db, keyring, principalOf(req).accountId, req.body);
      return reply.status(201).send({ ...channel, secrets });
    },
  );
  r.get(
    '/api/v1/channels/:channelId',
    {
      config: { scope: 'channels:read' },
      schema: { tags, summary: 'Get a channel (by id or name)', params, response: { 200: channelView } },
    },
    async (req) =>
      toChannelView(await findChannelRow(db, principalOf(req).accountId, req.params.channelId), keyring),
  );
  r.patch(
    '/api/v1/channels/:channelId',
    {
      config: { scope: 'channels:write' },
      schema: {
        tags,
        summary:
          'Change a channel: name, config, secrets (replaces the fields named), rotate (new random secrets)',
        params,
        body: z.object({
          type: z.string().optional(),
          name: name.optional(),
          config: z.record(z.string(), z.unknown()).optional(),
          secrets,
          rotate: z.array(z.string()).max(10).optional(),
        }),
        response: { 200: withSecrets },
      },
    },
    async (req) => {
      const { channel, secrets } = await updateChannel(
        db,
        keyring,
        principalOf(req).accountId,
        req.params.channelId,
        req.body,
      );
      return { ...channel, secrets };
    },
  );
  r.delete(
    '/api/v1/channels/:channelId',
    {
      config: { scope: 'channels:write' },
      schema: { tags, summary: 'Delete a channel and its deployment', params },
    },
    async (req, reply) => {
      await deleteChannel(db, principalOf(req).accountId, req.params.channelId);
      return reply.status(204).send();
    },
  );
}
