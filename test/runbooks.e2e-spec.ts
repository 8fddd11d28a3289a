import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Queue } from 'bullmq';
import request from 'supertest';
import { DataSource } from 'typeorm';

import { loadConfig, QueueName } from '@tocsin/core';
import { TaskOverdueService } from '@tocsin/runbooks';

import { createApiApp } from '../apps/api/src/bootstrap';
import { codeOf, GqlResult, TestApi } from './support/test-app';
import { TEST_REDIS_URL } from './support/test-env';

const TASK =
  'id incidentId position title titleVi titleEn phase role targetMinutes dueAt done doneById doneAt assigneeId overdue runbookId runbookVersion';
const RANSOMWARE = path.join(process.cwd(), 'runbooks', 'ransomware-malware.md');

interface Task {
  id: string;
  incidentId: string;
  position: number;
  title: string;
  titleVi: string;
  titleEn: string;
  phase: string;
  role: string | null;
  targetMinutes: number | null;
  dueAt: string | null;
  done: boolean;
  doneById: string | null;
  assigneeId: string | null;
  overdue: boolean;
  runbookId: string;
  runbookVersion: number;
}

interface Progress {
  done: number;
  total: number;
  percent: number;
}

interface Runbook {
  id: string;
  title: string;
  version: number;
  contentHash: string;
  steps: { position: number; title: string; targetMinutes: number | null }[];
}

/** Copies runbooks/ to a temporary directory the test may change. */
function copyOfRunbooks(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tocsin-runbooks-'));
  fs.cpSync(path.join(process.cwd(), 'runbooks'), dir, { recursive: true });
  return dir;
}

describe('runbooks and tasks', () => {
  let api: TestApi;
  let dir: string;
  const token: Record<string, string> = {};
  const id: Record<string, string> = {};
  let syt: string;

  const call = <T = Record<string, unknown>>(
    who: string,
    query: string,
    variables: Record<string, unknown> = {},
  ) => api.gql<T>(query, variables, { token: token[who] });

  const ok = <T>(res: GqlResult<T>): T => {
    if (res.errors || !res.data) throw new Error(JSON.stringify(res.errors));
    return res.data;
  };

  /** Reported by `reporter` (agency SYT) and triaged by the coordinator with this category. */
  async function triagedIncident(
    category: string,
    extra: { tlp?: string; assignee?: string | null } = {},
  ): Promise<string> {
    const reported = ok(
      await call<{ reportIncident: { id: string } }>(
        'reporter',
        'mutation($a:ID!){ reportIncident(input:{ title:"Máy trạm bị mã hoá dữ liệu", description:"Các tệp bị đổi đuôi .lockbit", agencyId:$a }){ id } }',
        { a: syt },
      ),
    ).reportIncident;
    const assignee = extra.assignee === undefined ? id.responder : extra.assignee;
    ok(
      await call(
        'coordinator',
        `mutation($id:ID!,$i:TriageIncidentInput!){ triageIncident(id:$id, input:$i){ id } }`,
        {
          id: reported.id,
          i: {
            severity: 'HIGH',
            category,
            tlp: extra.tlp ?? 'AMBER',
            ...(assignee ? { assigneeId: assignee } : {}),
          },
        },
      ),
    );
    return reported.id;
  }

  const apply = (who: string, incidentId: string, runbookId = 'ransomware-malware') =>
    call<{ applyRunbook: Task[] }>(
      who,
      `mutation($i:ID!,$r:ID!){ applyRunbook(incidentId:$i, runbookId:$r){ ${TASK} } }`,
      { i: incidentId, r: runbookId },
    );

  const setDone = (who: string, taskId: string, done = true) =>
    call<{ setTaskDone: Task }>(
      who,
      `mutation($t:ID!,$d:Boolean!){ setTaskDone(taskId:$t, done:$d){ ${TASK} } }`,
      {
        t: taskId,
        d: done,
      },
    );

  const tasksOf = async (who: string, incidentId: string) =>
    ok(
      await call<{
        incident: {
          tasks: Task[];
          taskProgress: { done: number; total: number; percent: number };
          timeline: { kind: string; dataJson: string; internal: boolean }[];
        };
      }>(
        who,
        `query($id:ID!){ incident(id:$id){ tasks { ${TASK} } taskProgress { done total percent } timeline { kind dataJson internal } } }`,
        { id: incidentId },
      ),
    ).incident;

  beforeAll(async () => {
    dir = copyOfRunbooks();
    api = await TestApi.start({ RUNBOOKS_DIR: dir, RATE_LIMIT_PER_MINUTE: '100000' }, { worker: true });
    await api.pageOnly('coordinator@tocsin.local');
    for (const who of [
      'admin',
      'coordinator',
      'responder',
      'responder2',
      'reporter',
      'reporter2',
      'leader',
    ]) {
      token[who] = await api.login(`${who}@tocsin.local`);
      id[who] = await api.idOf('user', `${who}@tocsin.local`);
    }
    syt = await api.idOf('agency', 'SYT');
  });
  afterAll(async () => {
    await api.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('syncs every playbook file at start, one version each, and serves them in the caller’s language', async () => {
    expect(await api.count('runbook', 'active')).toBe(
      fs.readdirSync(dir).filter((f) => f.endsWith('.md')).length,
    );
    expect(await api.count('runbook_version')).toBe(await api.count('runbook'));
    const list = ok(
      await call<{ runbooks: Runbook[] }>('responder2', '{ runbooks { id title version } }'),
    ).runbooks;
    expect(list.map((r) => r.id)).toContain('ransomware-malware');
    // responder2's profile is in English; responder's in Vietnamese; `lang` overrides.
    const en = list.find((r) => r.id === 'ransomware-malware')!;
    expect(en).toMatchObject({ title: 'Ransomware or malware on workstations', version: 1 });
    const RUNBOOK =
      'query($id:ID!,$l:Lang){ runbook(id:$id, lang:$l){ id title version contentHash lang categories defaultSeverity guidance steps { position title phase role targetMinutes } } }';
    const vi = ok(
      await call<{ runbook: Runbook & { lang: string; categories: string[]; guidance: string } }>(
        'responder',
        RUNBOOK,
        { id: 'ransomware-malware' },
      ),
    ).runbook;
    expect(vi).toMatchObject({
      lang: 'vi',
      categories: ['MALICIOUS_CODE'],
      defaultSeverity: 'HIGH',
      version: 1,
    });
    expect(vi.title).toBe('Mã độc tống tiền (ransomware) hoặc mã độc trên máy trạm');
    expect(vi.contentHash).toMatch(/^[0-9a-f]{64}$/);
    expect(vi.steps[0]).toMatchObject({
      position: 1,
      phase: 'IDENTIFICATION',
      role: 'RESPONDER',
      targetMinutes: 30,
    });
    expect(vi.guidance).toContain('Không trả tiền chuộc');
    const forced = ok(
      await call<{ runbook: Runbook }>('responder', RUNBOOK, { id: 'ransomware-malware', l: 'en' }),
    ).runbook;
    expect(forced.steps[0].title).toMatch(/^Confirm the signs of infection/);
    expect(ok(await call('responder', RUNBOOK, { id: 'no-such-runbook' }))).toEqual({ runbook: null });
    expect(codeOf(await call('responder', RUNBOOK, { id: 'Not An Id' }))).toBe('BAD_USER_INPUT');
  });

  it('suggests the ransomware runbook on triage, applies it, and follows every task to 100 % in the timeline and the audit trail', async () => {
    const incidentId = await triagedIncident('MALICIOUS_CODE');
    const before = await tasksOf('coordinator', incidentId);
    expect(before.tasks).toEqual([]);
    expect(before.taskProgress).toEqual({ done: 0, total: 0, percent: 0 });
    const suggestion = before.timeline.find((t) => t.kind === 'RUNBOOK_SUGGESTED')!;
    expect(JSON.parse(suggestion.dataJson)).toMatchObject({
      category: 'malicious-code',
      runbooks: [{ runbookId: 'ransomware-malware', version: 1 }],
    });
    expect(suggestion.internal).toBe(true);
    const suggested = ok(
      await call<{ incident: { suggestedRunbooks: { id: string }[] } }>(
        'responder',
        'query($id:ID!){ incident(id:$id){ suggestedRunbooks { id } } }',
        { id: incidentId },
      ),
    );
    expect(suggested.incident.suggestedRunbooks.map((r) => r.id)).toEqual(['ransomware-malware']);

    // The incident's assignee applies it: the steps become tasks, in order, with due times.
    const runbook = ok(
      await call<{ runbook: Runbook }>(
        'responder',
        'query{ runbook(id:"ransomware-malware"){ steps { title targetMinutes } } }',
      ),
    ).runbook;
    const appliedAt = Date.now();
    const tasks = ok(await apply('responder', incidentId)).applyRunbook;
    expect(tasks.map((t) => t.position)).toEqual(runbook.steps.map((_, i) => i + 1));
    expect(tasks.map((t) => t.title)).toEqual(runbook.steps.map((s) => s.title));
    expect(
      tasks.every((t) => t.runbookId === 'ransomware-malware' && t.runbookVersion === 1 && !t.done),
    ).toBe(true);
    const due = Date.parse(tasks[0].dueAt!) - appliedAt;
    expect(due).toBeGreaterThan(29 * 60_000);
    expect(due).toBeLessThan(31 * 60_000);
    expect(tasks[0].overdue).toBe(false);

    // Applying it twice is refused and changes nothing.
    expect(codeOf(await apply('coordinator', incidentId))).toBe('CONFLICT');
    expect(await api.count('incident_task', 'incident_id = $1', [incidentId])).toBe(tasks.length);

    for (const [n, task] of tasks.entries()) {
      const done = ok(await setDone(n % 2 ? 'coordinator' : 'responder', task.id)).setTaskDone;
      expect(done).toMatchObject({ done: true, doneById: n % 2 ? id.coordinator : id.responder });
    }
    // Done twice is a no-op, undone reopens, done again completes.
    expect(ok(await setDone('responder', tasks[0].id)).setTaskDone.done).toBe(true);
    expect(ok(await setDone('responder', tasks[0].id, false)).setTaskDone).toMatchObject({
      done: false,
      doneById: null,
    });
    expect((await tasksOf('responder', incidentId)).taskProgress).toEqual({
      done: tasks.length - 1,
      total: tasks.length,
      percent: Math.floor(((tasks.length - 1) * 100) / tasks.length),
    });
    ok(await setDone('responder', tasks[0].id));

    const after = await tasksOf('responder', incidentId);
    expect(after.taskProgress).toEqual({ done: tasks.length, total: tasks.length, percent: 100 });
    expect(after.tasks.map((t) => t.id)).toEqual(tasks.map((t) => t.id));
    const kinds = after.timeline.map((t) => t.kind);
    expect(kinds.filter((k) => k === 'RUNBOOK_APPLIED')).toHaveLength(1);
    expect(kinds.filter((k) => k === 'TASK_DONE')).toHaveLength(tasks.length + 1);
    expect(kinds.filter((k) => k === 'TASK_REOPENED')).toHaveLength(1);

    const trail = async (entityId: string) =>
      ok(
        await call<{ auditTrail: { edges: { node: { action: string; actorRole: string } }[] } }>(
          'coordinator',
          'query($id:ID!){ auditTrail(entityId:$id, first: 50){ edges { node { action actorRole } } } }',
          { id: entityId },
        ),
      )
        .auditTrail.edges.map((e) => e.node.action)
        // The escalation engine's own events (worker, asynchronous) are tested in escalation.e2e-spec.
        .filter((action) => !action.startsWith('incident.escalation_'));
    expect(await trail(incidentId)).toEqual([
      'incident.reported',
      'incident.triaged',
      'incident.runbook_applied',
    ]);
    for (const task of tasks) {
      expect(await trail(task.id)).toEqual(
        task.id === tasks[0].id ? ['task.done', 'task.reopened', 'task.done'] : ['task.done'],
      );
    }
    expect(
      ok(await call<{ verifyAuditChain: { ok: boolean } }>('admin', '{ verifyAuditChain { ok } }'))
        .verifyAuditChain.ok,
    ).toBe(true);
  });

  it('lets only those who work the incident act on its tasks: FORBIDDEN or NOT_FOUND, and nothing changes', async () => {
    const incidentId = await triagedIncident('MALICIOUS_CODE');
    // The escalation engine writes on its own schedule (worker): count everything else.
    const notEngine =
      "NOT (kind::text LIKE 'ESCALATION_%' OR kind::text LIKE 'SLA_%' OR kind = 'NOTIFICATION')";
    const counts = async () => ({
      tasks: await api.count('incident_task', 'incident_id = $1', [incidentId]),
      timeline: await api.count('incident_timeline_entry', `incident_id = $1 AND ${notEngine}`, [incidentId]),
      audit: await api.count(
        'audit_event',
        "action NOT LIKE 'incident.escalation_%' AND action NOT LIKE 'incident.sla_%'",
      ),
    });
    const start = await counts();
    expect(codeOf(await apply('responder2', incidentId))).toBe('FORBIDDEN');
    expect(codeOf(await apply('leader', incidentId))).toBe('FORBIDDEN');
    expect(codeOf(await apply('reporter', incidentId))).toBe('FORBIDDEN');
    expect(codeOf(await apply('admin', incidentId))).toBe('FORBIDDEN');
    expect(codeOf(await apply('reporter2', incidentId))).toBe('NOT_FOUND');
    expect(codeOf(await apply('coordinator', incidentId, 'no-such-runbook'))).toBe('NOT_FOUND');
    expect(codeOf(await apply('coordinator', incidentId, 'Bad Id!'))).toBe('BAD_USER_INPUT');
    expect(await counts()).toEqual(start);

    const [first, second] = ok(await apply('coordinator', incidentId)).applyRunbook;
    const afterApply = await counts();
    for (const who of ['responder2', 'leader', 'reporter', 'admin']) {
      expect({ who, code: codeOf(await setDone(who, first.id)) }).toEqual({ who, code: 'FORBIDDEN' });
    }
    expect(codeOf(await setDone('reporter2', first.id))).toBe('NOT_FOUND');
    const ASSIGN = `mutation($t:ID!,$a:ID){ assignTask(taskId:$t, assigneeId:$a){ ${TASK} } }`;
    expect(codeOf(await call('responder2', ASSIGN, { t: first.id, a: id.responder2 }))).toBe('FORBIDDEN');
    expect(codeOf(await call('reporter2', ASSIGN, { t: first.id, a: id.responder2 }))).toBe('NOT_FOUND');
    expect(codeOf(await call('coordinator', ASSIGN, { t: first.id, a: id.reporter }))).toBe('BAD_USER_INPUT');
    expect(await counts()).toEqual(afterApply);

    // Assigned to responder2 (by the incident's assignee), the task is theirs to complete; the other is not.
    const assigned = ok(
      await call<{ assignTask: Task }>('responder', ASSIGN, { t: first.id, a: id.responder2 }),
    ).assignTask;
    expect(assigned.assigneeId).toBe(id.responder2);
    expect(ok(await setDone('responder2', first.id)).setTaskDone.done).toBe(true);
    expect(codeOf(await setDone('responder2', second.id))).toBe('FORBIDDEN');

    // Comments: staff notes internal by default; a reporter's never; reporters see only the visible ones.
    const COMMENT =
      'mutation($t:ID!,$b:String!,$i:Boolean){ addTaskComment(taskId:$t, body:$b, internal:$i){ id internal authorId } }';
    const note = ok(
      await call<{ addTaskComment: { internal: boolean } }>('responder', COMMENT, {
        t: first.id,
        b: 'Đã cách ly máy',
      }),
    ).addTaskComment;
    expect(note.internal).toBe(true);
    const visible = ok(
      await call<{ addTaskComment: { internal: boolean } }>('responder', COMMENT, {
        t: first.id,
        b: 'Đang xử lý',
        i: false,
      }),
    ).addTaskComment;
    expect(visible.internal).toBe(false);
    const fromReporter = ok(
      await call<{ addTaskComment: { internal: boolean } }>('reporter', COMMENT, {
        t: first.id,
        b: 'Máy đã rút cáp mạng',
      }),
    ).addTaskComment;
    expect(fromReporter.internal).toBe(false);
    expect(codeOf(await call('reporter2', COMMENT, { t: first.id, b: 'x' }))).toBe('NOT_FOUND');
    const COMMENTS = 'query($id:ID!){ incident(id:$id){ tasks { id comments { body internal } } } }';
    const seenBy = async (who: string) =>
      ok(
        await call<{ incident: { tasks: { id: string; comments: { body: string }[] }[] } }>(who, COMMENTS, {
          id: incidentId,
        }),
      )
        .incident.tasks.find((t) => t.id === first.id)!
        .comments.map((c) => c.body);
    expect(await seenBy('reporter')).toEqual(['Đang xử lý', 'Máy đã rút cáp mạng']);
    expect(await seenBy('leader')).toEqual(['Đã cách ly máy', 'Đang xử lý', 'Máy đã rút cáp mạng']);
    const trail = await api.dataSource.query<{ action: string }[]>(
      `SELECT action FROM audit_event WHERE entity_id = $1 ORDER BY sequence`,
      [first.id],
    );
    expect(trail.map((r) => r.action)).toEqual([
      'task.assigned',
      'task.done',
      'task.comment_added',
      'task.comment_added',
      'task.comment_added',
    ]);

    // TLP:RED: responder2 is not on the case and sees nothing of it until a task is assigned to them.
    const red = await triagedIncident('MALICIOUS_CODE', { tlp: 'RED' });
    const [redTask] = ok(await apply('responder', red)).applyRunbook;
    expect(codeOf(await setDone('responder2', redTask.id))).toBe('NOT_FOUND');
    ok(await call('coordinator', ASSIGN, { t: redTask.id, a: id.responder2 }));
    expect(ok(await setDone('responder2', redTask.id)).setTaskDone.done).toBe(true);

    // A rejected incident takes no runbook.
    const rejected = await triagedIncident('MALICIOUS_CODE');
    ok(
      await call('coordinator', 'mutation($id:ID!){ rejectIncident(id:$id, reason:"Trùng"){ id } }', {
        id: rejected,
      }),
    );
    expect((await apply('coordinator', rejected)).errors?.[0].extensions).toMatchObject({
      code: 'INVALID_TRANSITION',
      currentStatus: 'REJECTED',
    });
  });

  it('shows progress in a list of incidents with one extra query for all of them', async () => {
    const a = await triagedIncident('MALICIOUS_CODE');
    const b = await triagedIncident('MALICIOUS_CODE');
    const c = await triagedIncident('MALICIOUS_CODE');
    const tasksA = ok(await apply('responder', a)).applyRunbook;
    const tasksB = ok(await apply('responder', b)).applyRunbook;
    for (const task of tasksA.slice(0, 3)) ok(await setDone('responder', task.id));
    for (const task of tasksB) ok(await setDone('responder', task.id));

    const dataSource = api.app.get(DataSource);
    const statements: string[] = [];
    const createQueryRunner = dataSource.createQueryRunner.bind(dataSource);
    dataSource.createQueryRunner = (...args: Parameters<DataSource['createQueryRunner']>) => {
      const runner = createQueryRunner(...args);
      const query = runner.query.bind(runner);
      runner.query = ((sql: string, ...rest: unknown[]) => {
        statements.push(sql);
        return (query as (...a: unknown[]) => Promise<unknown>)(sql, ...rest);
      }) as typeof runner.query;
      return runner;
    };
    let list: { incidents: { edges: { node: { id: string; taskProgress: Progress } }[] } };
    try {
      list = ok(
        await call<typeof list>(
          'coordinator',
          '{ incidents(first: 50){ edges { node { id taskProgress { done total percent } } } } }',
        ),
      );
    } finally {
      dataSource.createQueryRunner = createQueryRunner;
    }
    expect(list.incidents.edges.length).toBeGreaterThanOrEqual(5);
    expect(statements.filter((s) => /incident_task/.test(s))).toHaveLength(1);
    const progress = new Map(list.incidents.edges.map((e) => [e.node.id, e.node.taskProgress]));
    const total = tasksA.length;
    expect(progress.get(a)).toEqual({ done: 3, total, percent: Math.floor(300 / total) });
    expect(progress.get(b)).toEqual({ done: total, total, percent: 100 });
    expect(progress.get(c)).toEqual({ done: 0, total: 0, percent: 0 });
  });

  it('marks each overdue task on the timeline once, from the worker’s schedule or a direct scan', async () => {
    const queue = new Queue(QueueName.Maintenance, {
      connection: { url: TEST_REDIS_URL },
      prefix: `${api.config.redis.prefix}:bull`,
    });
    try {
      expect((await queue.getJobSchedulers()).map((s) => s.key)).toContain('mark-overdue-tasks-every-minute');
    } finally {
      await queue.close();
    }

    const incidentId = await triagedIncident('MALICIOUS_CODE');
    const tasks = ok(await apply('responder', incidentId)).applyRunbook;
    const [late, lateButDone, lateToo] = tasks;
    ok(await setDone('responder', lateButDone.id));
    await api.dataSource.query(
      `UPDATE incident_task SET due_at = now() - interval '5 minutes' WHERE id = ANY($1)`,
      [[late.id, lateButDone.id, lateToo.id]],
    );
    const scan = api.app.get(TaskOverdueService);
    await scan.markOverdue();
    await scan.markOverdue();

    const after = await tasksOf('coordinator', incidentId);
    const markers = after.timeline
      .filter((t) => t.kind === 'TASK_OVERDUE')
      .map((t) => JSON.parse(t.dataJson) as { taskId: string });
    expect(markers.map((m) => m.taskId).sort()).toEqual([late.id, lateToo.id].sort());
    expect(
      after.tasks
        .filter((t) => t.overdue)
        .map((t) => t.id)
        .sort(),
    ).toEqual([late.id, lateToo.id].sort());
    expect(
      await api.count('audit_event', `action = 'task.overdue' AND entity_id = ANY($1)`, [
        [late.id, lateToo.id],
      ]),
    ).toBe(2);
    expect(
      await api.count('incident_task', 'overdue_marked_at IS NOT NULL AND incident_id = $1', [incidentId]),
    ).toBe(2);
    expect((await scan.markOverdue()).marked).toBe(0);
  });

  it('refuses to start with a bad playbook file, naming the file and the field', async () => {
    const bad = copyOfRunbooks();
    try {
      const file = path.join(bad, 'ddos-provincial-portal.md');
      const text = fs.readFileSync(file, 'utf8');
      const step4 =
        'en: Turn on mitigation — CDN/anti-DDoS service, rate limits, geo or signature blocking on the WAF\n';
      expect(text).toContain(step4);
      fs.writeFileSync(file, text.replace(`      ${step4}`, ''));
      const versions = await api.count('runbook_version');
      const config = loadConfig({
        NODE_ENV: 'test',
        LOG_LEVEL: 'silent',
        DATABASE_URL: api.config.database.url,
        REDIS_URL: api.config.redis.url,
        REDIS_PREFIX: api.config.redis.prefix,
        DATABASE_POOL_SIZE: '2',
        RUNBOOKS_DIR: bad,
      });
      await expect(createApiApp(config, {})).rejects.toThrow(
        `Invalid runbook ${file}: steps.3.title.en: Required`,
      );
      expect(await api.count('runbook_version')).toBe(versions);
    } finally {
      fs.rmSync(bad, { recursive: true, force: true });
    }
  });

  it('applies a single match at triage with RUNBOOK_AUTO_APPLY, and only suggests when several match', async () => {
    const config = loadConfig({
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      DATABASE_URL: api.config.database.url,
      REDIS_URL: api.config.redis.url,
      REDIS_PREFIX: api.config.redis.prefix,
      JWT_SECRET: api.config.auth.jwtSecret,
      DATABASE_POOL_SIZE: '2',
      RUNBOOKS_DIR: dir,
      RUNBOOK_AUTO_APPLY: 'true',
    });
    const auto: NestFastifyApplication = await createApiApp(config, {});
    await auto.listen({ port: 0, host: '127.0.0.1' });
    const gql = async <T>(query: string, variables: Record<string, unknown>) => {
      const res = await request(auto.getHttpServer())
        .post('/graphql')
        .set('content-type', 'application/json')
        .set('authorization', `Bearer ${token.coordinator}`)
        .send({ query, variables });
      return ok<T>({
        status: res.status,
        data: res.body.data as T,
        errors: res.body.errors,
        headers: res.headers,
      });
    };
    try {
      const triage = async (category: string) => {
        const { reportIncident } = await gql<{ reportIncident: { id: string } }>(
          'mutation($a:ID!){ reportIncident(input:{ title:"Sự cố thử", description:"d", agencyId:$a }){ id } }',
          { a: syt },
        );
        await gql(
          'mutation($id:ID!,$c:IncidentCategory!){ triageIncident(id:$id, input:{ severity: HIGH, category: $c, tlp: AMBER }){ id } }',
          { id: reportIncident.id, c: category },
        );
        return reportIncident.id;
      };
      const ddos = await tasksOf('coordinator', await triage('AVAILABILITY'));
      expect(ddos.tasks.length).toBeGreaterThan(0);
      expect(ddos.tasks.every((t) => t.runbookId === 'ddos-provincial-portal')).toBe(true);
      const applied = ddos.timeline.find((t) => t.kind === 'RUNBOOK_APPLIED')!;
      expect(JSON.parse(applied.dataJson)).toMatchObject({
        runbookId: 'ddos-provincial-portal',
        automatic: true,
      });
      expect(ddos.timeline.map((t) => t.kind)).not.toContain('RUNBOOK_SUGGESTED');

      const intrusion = await tasksOf('coordinator', await triage('INTRUSIONS'));
      expect(intrusion.tasks).toEqual([]);
      const suggestion = intrusion.timeline.find((t) => t.kind === 'RUNBOOK_SUGGESTED')!;
      expect(
        (JSON.parse(suggestion.dataJson) as { runbooks: { runbookId: string }[] }).runbooks.map(
          (r) => r.runbookId,
        ),
      ).toEqual(['website-defacement', 'compromised-official-account']);
    } finally {
      await auto.close();
    }
  });

  // Last: it rewrites a playbook and restarts the api.
  it('gives new incidents the new version after a file changes and the api restarts; old incidents keep theirs', async () => {
    const old = await triagedIncident('MALICIOUS_CODE');
    const oldTasks = ok(await apply('responder', old)).applyRunbook;
    const v1 = await api.dataSource.query<{ content_hash: string }[]>(
      `SELECT content_hash FROM runbook_version WHERE runbook_id = 'ransomware-malware'`,
    );
    expect(v1).toHaveLength(1);

    // Restarting with nothing changed creates nothing.
    const versions = await api.count('runbook_version');
    await api.restartApi();
    expect(await api.count('runbook_version')).toBe(versions);

    // Change the first step's titles, add a step, and retire another playbook.
    const file = path.join(dir, path.basename(RANSOMWARE));
    const text = fs.readFileSync(file, 'utf8');
    fs.writeFileSync(
      file,
      text
        .replace('vi: Xác nhận dấu hiệu nhiễm mã độc', 'vi: Xác nhận ngay dấu hiệu nhiễm mã độc')
        .replace('en: Confirm the signs of infection', 'en: Confirm at once the signs of infection')
        .replace(
          '---\n\n## Hướng dẫn',
          `  - title:\n      vi: Kiểm tra lại bản sao lưu ngoại tuyến\n      en: Check the offline backups again\n    phase: recovery\n    role: RESPONDER\n    targetMinutes: 4320\n---\n\n## Hướng dẫn`,
        ),
    );
    fs.rmSync(path.join(dir, 'disinformation-social-media.md'));
    await api.restartApi();

    const runbook = ok(
      await call<{ runbook: Runbook }>(
        'responder',
        '{ runbook(id:"ransomware-malware"){ version contentHash steps { title } } }',
      ),
    ).runbook;
    expect(runbook.version).toBe(2);
    expect(runbook.contentHash).not.toBe(v1[0].content_hash);
    expect(runbook.steps).toHaveLength(oldTasks.length + 1);
    expect(runbook.steps[0].title).toMatch(/^Xác nhận ngay/);
    const list = ok(await call<{ runbooks: Runbook[] }>('coordinator', '{ runbooks { id } }')).runbooks.map(
      (r) => r.id,
    );
    expect(list).not.toContain('disinformation-social-media');
    expect(list).toContain('ransomware-malware');

    const fresh = await triagedIncident('MALICIOUS_CODE');
    const suggestion = (await tasksOf('coordinator', fresh)).timeline.find(
      (t) => t.kind === 'RUNBOOK_SUGGESTED',
    )!;
    expect(JSON.parse(suggestion.dataJson)).toMatchObject({
      runbooks: [{ runbookId: 'ransomware-malware', version: 2 }],
    });
    const newTasks = ok(await apply('responder', fresh)).applyRunbook;
    expect(newTasks).toHaveLength(oldTasks.length + 1);
    expect(newTasks.every((t) => t.runbookVersion === 2)).toBe(true);
    expect(newTasks[0].title).toMatch(/^Xác nhận ngay/);

    const kept = (await tasksOf('responder', old)).tasks;
    expect(kept.map((t) => [t.id, t.title, t.runbookVersion])).toEqual(
      oldTasks.map((t) => [t.id, t.title, 1]),
    );
    // A task of the old version can still be worked.
    expect(ok(await setDone('responder', kept[0].id)).setTaskDone.done).toBe(true);
  });
});
