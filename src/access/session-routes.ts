import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../context.ts';
import { principalOf } from '../server/plugins/auth.ts';
import { invalid, unauthorized } from '../shared/errors.ts';
import { checkPassword, isUserPassword, MAX_PASSWORD, MIN_PASSWORD, setUserPassword } from './passwords.ts';
import { requireSession, setSessionCookie } from './session-auth.ts';
import { authenticateSession, createSession, deleteSession, pruneSessions } from './sessions.ts';
import { getUser } from './users.ts';

export const sessionSchema = z.object({
  user: z.object({
    id: z.string(),
    email: z.string(),
    name: z.string(),
    role: z.enum(['viewer', 'editor', 'admin']),
  }),
  scopes: z.array(z.string()),
  csrfToken: z.string().describe('Send it as x-csrf-token on every write made with the session cookie.'),
});
const newPassword = z
  .string()
  .min(MIN_PASSWORD, `Use at least ${MIN_PASSWORD} characters.`)
  .max(MAX_PASSWORD, `Use at most ${MAX_PASSWORD} characters.`);

export const signInSchema = z.object({
  email: z.string().trim().min(3).max(320),
  password: z.string().min(1).max(MAX_PASSWORD),
});

/** Sign-in for people: email + password → an HttpOnly session cookie (the web app uses it). */
export async function sessionRoutes(app: FastifyInstance, { ctx }: { ctx: AppContext }): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db } = ctx;
  const tags = ['session'];

  r.post(
    '/api/v1/session',
    {
      config: {
        public: true,
        // Per address and email: slows guessing without locking a whole office out.
        rateLimit: {
          max: 10,
          timeWindow: 5 * 60_000,
          keyGenerator: (req) =>
            `signin:${req.ip}:${String((req.body as { email?: unknown } | undefined)?.email ?? '').toLowerCase()}`,
        },
      },
      schema: {
        tags,
        summary: 'Sign in with email and password (sets the session cookie)',
        security: [],
        body: signInSchema,
        response: { 200: sessionSchema },
      },
    },
    async (req, reply) => {
      const who = await checkPassword(db, req.body.email, req.body.password);
      if (!who) throw unauthorized('The email or password is not right.');
      await pruneSessions(db);
      const s = await createSession(db, who);
      const principal = await authenticateSession(db, s.token);
      if (!principal) throw unauthorized();
      setSessionCookie(req, reply, s.token, ctx.config.publicUrl);
      return { user: principal.user, scopes: [...principal.scopes].sort(), csrfToken: s.csrfToken };
    },
  );
  r.get(
    '/api/v1/session',
    {
      schema: {
        tags,
        summary: 'The signed-in user, their scopes and CSRF token',
        response: { 200: sessionSchema },
      },
    },
    async (req) => {
      const p = requireSession(req.principal);
      return { user: p.user, scopes: [...p.scopes].sort(), csrfToken: p.csrfToken };
    },
  );
  r.delete('/api/v1/session', { schema: { tags, summary: 'Sign out' } }, async (req, reply) => {
    const p = requireSession(req.principal);
    await deleteSession(db, p.keyId);
    setSessionCookie(req, reply, null, ctx.config.publicUrl);
    return reply.status(204).send();
  });
  r.put(
    '/api/v1/session/password',
    {
      schema: {
        tags,
        summary: 'Change your own password (signs out your other sessions)',
        body: z.object({ currentPassword: z.string().min(1).max(MAX_PASSWORD), newPassword }),
        response: { 200: sessionSchema },
      },
    },
    async (req, reply) => {
      const p = requireSession(req.principal);
      if (!(await isUserPassword(db, p.user.id, req.body.currentPassword))) {
        throw invalid('The current password is not right.', [
          { path: 'currentPassword', message: 'not your current password' },
        ]);
      }
      await setUserPassword(db, p.user.id, req.body.newPassword, 'newPassword');
      // Every session ended with the old password; this browser gets a fresh one.
      const s = await createSession(db, { userId: p.user.id, accountId: p.accountId });
      setSessionCookie(req, reply, s.token, ctx.config.publicUrl);
      return { user: p.user, scopes: [...p.scopes].sort(), csrfToken: s.csrfToken };
    },
  );
  r.put(
    '/api/v1/users/:userId/password',
    {
      config: { scope: 'users:write' },
      schema: {
        tags: ['users'],
        summary: "Set a user's web sign-in password (ends their sessions)",
        params: z.object({ userId: z.string() }),
        body: z.object({ password: newPassword }),
      },
    },
    async (req, reply) => {
      const user = await getUser(db, principalOf(req).accountId, req.params.userId);
      await setUserPassword(db, user.id, req.body.password);
      return reply.status(204).send();
    },
  );
}
