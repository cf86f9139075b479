import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyInstance } from 'fastify';

/**
 * The built-in demo store: a tiny JSON API that the demo agent's actions call, so a new
 * user sees actions work on the first `npm start`. Frontdesk serves it at /demo-store/api.
 */
export interface DemoOrder {
  number: string;
  email: string;
  status: 'processing' | 'shipped' | 'delivered';
  total: number;
  currency: string;
  items: { sku: string; name: string; quantity: number }[];
  delivery: { carrier: string; eta: string; trackingUrl: string } | null;
}

const ORDERS: DemoOrder[] = [
  {
    number: '1234',
    email: 'jane@example.com',
    status: 'shipped',
    total: 59.9,
    currency: 'USD',
    items: [{ sku: 'MUG-01', name: 'Frontdesk mug', quantity: 2 }],
    delivery: { carrier: 'UPS', eta: '2026-11-25', trackingUrl: 'https://example.com/track/1Z999' },
  },
  {
    number: '1235',
    email: 'jane@example.com',
    status: 'processing',
    total: 24,
    currency: 'USD',
    items: [{ sku: 'TEE-02', name: 'Frontdesk t-shirt', quantity: 1 }],
    delivery: null,
  },
  {
    number: '2001',
    email: 'sam@example.com',
    status: 'delivered',
    total: 120,
    currency: 'USD',
    items: [{ sku: 'HOOD-03', name: 'Frontdesk hoodie', quantity: 2 }],
    delivery: { carrier: 'DHL', eta: '2026-11-18', trackingUrl: 'https://example.com/track/JD014' },
  },
];

export interface DemoStoreState {
  /** Refunds performed, for the demo and for tests proving a write ran once. */
  refunds: { id: string; orderNumber: string; amount: number; reason: string }[];
  passwordResets: { email: string; at: string }[];
}

export interface DemoStore extends DemoStoreState {
  url: string;
  close(): Promise<void>;
}

/** The store's routes, mountable under a prefix of any Fastify app. */
export async function demoStoreRoutes(app: FastifyInstance, opts: { state: DemoStoreState }): Promise<void> {
  const { refunds, passwordResets } = opts.state;

  app.get<{ Params: { number: string } }>('/orders/:number', async (req, reply) => {
    const order = ORDERS.find((o) => o.number === req.params.number);
    if (!order) return reply.status(404).send({ error: 'order_not_found' });
    return { order };
  });
  app.post<{ Body: { email?: unknown } }>('/password-resets', async (req, reply) => {
    const email = req.body?.email;
    if (typeof email !== 'string' || !email.includes('@'))
      return reply.status(422).send({ error: 'invalid_email' });
    passwordResets.push({ email, at: new Date().toISOString() });
    return { status: 'sent', email, expiresInMinutes: 30 };
  });
  app.post<{ Body: { orderNumber?: unknown; reason?: unknown } }>('/refunds', async (req, reply) => {
    const order = ORDERS.find((o) => o.number === req.body?.orderNumber);
    if (!order) return reply.status(404).send({ error: 'order_not_found' });
    const refund = {
      id: `rf_${randomUUID().slice(0, 8)}`,
      orderNumber: order.number,
      amount: order.total,
      reason: typeof req.body?.reason === 'string' ? req.body.reason : '',
    };
    refunds.push(refund);
    return { refund: { ...refund, status: 'approved', currency: order.currency } };
  });
  app.get('/refunds', async () => ({ refunds }));
}

/** The store on its own loopback port (tests, benchmarks). */
export async function startDemoStore(host = '127.0.0.1', port = 0): Promise<DemoStore> {
  const app = Fastify({ logger: false });
  const state: DemoStoreState = { refunds: [], passwordResets: [] };
  await app.register(demoStoreRoutes, { state });
  await app.listen({ host, port });
  const addr = app.server.address();
  const actual = typeof addr === 'object' && addr ? addr.port : port;
  return { url: `http://${host}:${actual}`, ...state, close: () => app.close() };
}
