import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Queue } from 'bullmq';
import request from 'supertest';

import { QueueName } from '@tocsin/core';

import { createApiApp } from '../apps/api/src/bootstrap';
import { TestApi } from './support/test-app';

const COOKIE = 'tocsin_queues';

describe('queue dashboard (bull-board) at /queues/', () => {
  let api: TestApi;
  let writable: NestFastifyApplication;
  let off: NestFastifyApplication;
  let admin: string;
  let coordinator: string;

  beforeAll(async () => {
    api = await TestApi.start();
    admin = await api.login('admin@tocsin.local');
    coordinator = await api.login('coordinator@tocsin.local');
    writable = await createApiApp(
      { ...api.config, http: { ...api.config.http, queueDashboard: 'read-write' } },
      { webRoot: false },
    );
    await writable.listen({ port: 0, host: '127.0.0.1' });
    off = await createApiApp(
      { ...api.config, http: { ...api.config.http, queueDashboard: 'off' } },
      { webRoot: false },
    );
    await off.listen({ port: 0, host: '127.0.0.1' });
  }, 120_000);

  afterAll(async () => {
    await writable?.close();
    await off?.close();
    await api?.stop();
  });

  const cookieFrom = (setCookie: string | string[] | undefined) =>
    [setCookie ?? []].flat().find((c) => c.startsWith(`${COOKIE}=`));

  it('opens only for an administrator, with an HttpOnly SameSite=Strict cookie scoped to /queues', async () => {
    const none = await api.http.post('/queues/session');
    expect(none.status).toBe(401);
    const forged = await api.http.post('/queues/session').set('authorization', 'Bearer not-a-token');
    expect(forged.status).toBe(401);
    const notAdmin = await api.http.post('/queues/session').set('authorization', `Bearer ${coordinator}`);
    expect(notAdmin.status).toBe(403);
    expect(cookieFrom(notAdmin.headers['set-cookie'])).toBeUndefined();

    const opened = await api.http.post('/queues/session').set('authorization', `Bearer ${admin}`);
    expect(opened.status).toBe(204);
    const cookie = cookieFrom(opened.headers['set-cookie'])!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    expect(cookie).toMatch(/Path=\/queues/);
    expect(cookie).toMatch(/Max-Age=\d+/);

    const page = await api.http.get('/queues/').set('cookie', `${COOKIE}=${admin}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('<title>Tocsin</title>');
    const queues = await api.http.get('/queues/api/queues').set('cookie', `${COOKIE}=${admin}`);
    expect(queues.status).toBe(200);
    const names = (queues.body.queues as { name: string; readOnlyMode: boolean }[]).map((q) => q.name).sort();
    expect(names).toEqual(expect.arrayContaining([QueueName.Escalation, QueueName.Maintenance]));
    expect(names.length).toBeGreaterThanOrEqual(5);
    expect((queues.body.queues as { readOnlyMode: boolean }[]).every((q) => q.readOnlyMode)).toBe(true);
  });

  it('refuses everyone else: no cookie, a non-admin token in the cookie, a revoked session', async () => {
    expect((await api.http.get('/queues/')).status).toBe(401);
    expect((await api.http.get('/queues/api/queues')).status).toBe(401);
    expect((await api.http.get('/queues/api/queues').set('cookie', `${COOKIE}=${coordinator}`)).status).toBe(
      403,
    );
    const reporter = await api.login('reporter@tocsin.local');
    expect((await api.http.get('/queues/').set('cookie', `${COOKIE}=${reporter}`)).status).toBe(403);

    const other = await api.login('admin@tocsin.local');
    expect((await api.http.get('/queues/api/queues').set('cookie', `${COOKIE}=${other}`)).status).toBe(200);
    const logout = await api.gql('mutation { logout }', {}, { token: other });
    expect(logout.errors).toBeUndefined();
    expect((await api.http.get('/queues/api/queues').set('cookie', `${COOKIE}=${other}`)).status).toBe(401);
  });

  it('is read-only by default: an administrator cannot pause a queue', async () => {
    const queue = new Queue(QueueName.Escalation, {
      connection: { url: api.config.redis.url },
      prefix: `${api.config.redis.prefix}:bull`,
    });
    try {
      const res = await api.http
        .put(`/queues/api/queues/${QueueName.Escalation}/pause`)
        .set('cookie', `${COOKIE}=${admin}`)
        .set('origin', api.url);
      expect(res.status).toBe(403);
      expect(res.text).toContain('read-only');
      expect(await queue.isPaused()).toBe(false);

      // QUEUE_DASHBOARD=read-write: changes, but only from the dashboard's own origin (CSRF).
      const host = TestApi.urlOf(writable);
      const crossSite = await request(writable.getHttpServer())
        .put(`/queues/api/queues/${QueueName.Escalation}/pause`)
        .set('cookie', `${COOKIE}=${admin}`)
        .set('origin', 'https://evil.example');
      expect(crossSite.status).toBe(403);
      const noOrigin = await request(writable.getHttpServer())
        .put(`/queues/api/queues/${QueueName.Escalation}/pause`)
        .set('cookie', `${COOKIE}=${admin}`);
      expect(noOrigin.status).toBe(403);
      expect(await queue.isPaused()).toBe(false);
      const asCoordinator = await request(writable.getHttpServer())
        .put(`/queues/api/queues/${QueueName.Escalation}/pause`)
        .set('cookie', `${COOKIE}=${coordinator}`)
        .set('origin', host);
      expect(asCoordinator.status).toBe(403);
      const paused = await request(writable.getHttpServer())
        .put(`/queues/api/queues/${QueueName.Escalation}/pause`)
        .set('cookie', `${COOKIE}=${admin}`)
        .set('host', new URL(host).host)
        .set('origin', host);
      expect(paused.status).toBe(200);
      expect(await queue.isPaused()).toBe(true);
      await queue.resume();
    } finally {
      await queue.close();
    }
  });

  it('QUEUE_DASHBOARD=off mounts nothing', async () => {
    const res = await request(off.getHttpServer()).get('/queues/').set('cookie', `${COOKIE}=${admin}`);
    expect(res.status).toBe(404);
  });
});
