import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyReply, FastifyRequest } from 'fastify';
import Redis from 'ioredis';

import { Role, UserActor } from '@tocsin/access';
import { AuthService } from '@tocsin/auth';
import { AppConfig, QueueName, redisConnectionOptions } from '@tocsin/core';
import { NOTIFICATION_QUEUES } from '@tocsin/notifications';

/** Outside the web UI's client routes (web-ui.ts SPA_ROUTES has /admin/*). */
export const QUEUE_DASHBOARD_PATH = '/queues';
/**
 * The dashboard's own cookie: the caller's access token, HttpOnly, sent only to /queues and only
 * from Tocsin's own pages (SameSite=Strict), and living no longer than the token. A page load cannot
 * carry the UI's bearer token, and the refresh cookie stays on /graphql.
 */
export const QUEUE_DASHBOARD_COOKIE = 'tocsin_queues';
const READS = new Set(['GET', 'HEAD']);

function refuse(reply: FastifyReply, status: 401 | 403, message: string) {
  return reply
    .code(status)
    .header('cache-control', 'no-store')
    .type('text/plain; charset=utf-8')
    .send(message);
}

/**
 * BullMQ's dashboard (bull-board) for administrators, at /queues/: every queue the worker runs.
 * Opened from the UI with `POST /queues/session` and the bearer token (an ADMIN's), which sets the
 * cookie above. Every request below /queues/ then re-checks the token, the session and the role as
 * GraphQL does. Read-only unless QUEUE_DASHBOARD=read-write; then changes (retry, remove, clean)
 * also need an Origin header naming this host: a cross-site form or fetch is refused.
 */
export async function mountQueueDashboard(app: NestFastifyApplication, config: AppConfig): Promise<void> {
  const mode = config.http.queueDashboard;
  if (mode === 'off') return;
  // Loaded here, not at the top: a process that stops on a bad setting never pays for them.
  const [{ createBullBoard }, { BullMQAdapter }, { FastifyAdapter: BullBoardFastifyAdapter }, { Queue }] =
    await Promise.all([
      import('@bull-board/api'),
      import('@bull-board/api/bullMQAdapter'),
      import('@bull-board/fastify'),
      import('bullmq'),
    ]);
  const fastify = app.getHttpAdapter().getInstance();
  const auth = app.get(AuthService);

  // One connection for all of them: a Queue only reads and writes, it never blocks.
  const connection = new Redis({
    ...redisConnectionOptions(config.redis, { forBullmq: true }),
    lazyConnect: true,
  });
  const prefix = `${config.redis.prefix}:bull`;
  const names = [...Object.values(QueueName), ...Object.values(NOTIFICATION_QUEUES)];
  const queues = names.map((name) => new Queue(name, { connection, prefix }));
  const board = new BullBoardFastifyAdapter();
  board.setBasePath(QUEUE_DASHBOARD_PATH);
  createBullBoard({
    queues: queues.map((queue) => new BullMQAdapter(queue, { readOnlyMode: mode === 'read-only' })),
    serverAdapter: board,
    options: { uiConfig: { boardTitle: 'Tocsin' } },
  });

  const adminFrom = async (token: string | undefined): Promise<UserActor | 401 | 403> => {
    if (!token) return 401;
    const actor = await auth.authenticateAccessToken(token).catch(() => null);
    if (!actor) return 401;
    return actor.role === Role.ADMIN ? actor : 403;
  };

  fastify.post(`${QUEUE_DASHBOARD_PATH}/session`, async (request, reply) => {
    const header = request.headers.authorization;
    const token = header?.startsWith('Bearer ') ? header.slice(7) : undefined;
    const actor = await adminFrom(token);
    if (actor === 401) return refuse(reply, 401, 'Sign in first: send the access token as a bearer token');
    if (actor === 403) return refuse(reply, 403, 'Only administrators may open the queue dashboard');
    const { exp } = JSON.parse(Buffer.from(token!.split('.')[1], 'base64url').toString()) as { exp: number };
    void reply.setCookie(QUEUE_DASHBOARD_COOKIE, token!, {
      httpOnly: true,
      sameSite: 'strict',
      secure: config.auth.cookieSecure,
      path: QUEUE_DASHBOARD_PATH,
      maxAge: Math.max(0, exp - Math.floor(Date.now() / 1000)),
    });
    return reply.code(204).send();
  });

  await fastify.register(async (scope) => {
    scope.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
      const actor = await adminFrom(request.cookies?.[QUEUE_DASHBOARD_COOKIE]);
      if (actor === 401) {
        return refuse(
          reply,
          401,
          "Open the queue dashboard from Tocsin's administration page (signed in as an administrator)",
        );
      }
      if (actor === 403) return refuse(reply, 403, 'Only administrators may see the queue dashboard');
      if (READS.has(request.method)) return;
      if (mode === 'read-only')
        return refuse(reply, 403, 'The queue dashboard is read-only (QUEUE_DASHBOARD=read-only)');
      const origin = request.headers.origin;
      if (!origin || new URL(origin).host !== request.headers.host) {
        return refuse(reply, 403, 'Changes to the queues must come from the dashboard page itself');
      }
    });
    await scope.register(board.registerPlugin(), { prefix: QUEUE_DASHBOARD_PATH });
  });

  fastify.addHook('onClose', async () => {
    await Promise.all(queues.map((queue) => queue.close()));
    connection.disconnect();
  });
}
