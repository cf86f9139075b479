import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../server/context.ts';
import { unauthorized } from '../shared/errors.ts';
import { checkPassword, MAX_PASSWORD } from './passwords.ts';
import { requireSession, setSessionCookie } from './session-auth.ts';
import { authenticateSession, createSession, deleteSession, pruneSessions } from './sessions.ts';

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
      setSessionCookie(req, reply, s.token);
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
    setSessionCookie(req, reply, null);
    return reply.status(204).send();
  });
}
