import { sql } from 'drizzle-orm';
import pino from 'pino';
import { expect, it } from 'vitest';
import { describeApi, json } from '../../../test/harness.ts';
import { until } from '../../../test/until.ts';
import { Engine } from '../../core/jobs/engine.ts';
import { deliverOutbox } from '../../core/outbox/outbox.ts';
import { rows } from '../../db/client.ts';
import { transaction } from '../../db/tenant.ts';
import { tenantZones } from '../tenants/service.ts';

const logger = pino({ level: 'silent' });
let engine: Engine;

describeApi('notifications', (h) => {
  const deliver = (mailEnabled = true) =>
    deliverOutbox(h().database.db, { now: () => new Date(), mailEnabled }, logger);
  const due = new Date(Date.now() + 86_400_000).toISOString();

  it('tells the assignee of a task once (even when the event is delivered again), not the one who gave it', async () => {
    const { owner } = await h().tenant();
    const rep = await h().user(owner, 'sales');
    const r = await owner.post('/api/v1/tasks', { title: '回访王先生', dueAt: due, assigneeId: rep.info.userId });
    expect(r.statusCode).toBe(201);
    await owner.post('/api/v1/tasks', { title: 'my own', dueAt: due }); // to myself: nobody is told
    await deliver();
    // A redelivery (a process killed after handling, before marking) must not notify twice.
    await h().database.db.execute(sql`update outbox set delivered_at = null, next_at = now()`);
    await deliver();
    const list = json<{
      data: { id: string; kind: string; params: Record<string, string>; link: string }[];
      unread: number;
    }>(await rep.get('/api/v1/notifications'));
    expect(list.unread).toBe(1);
    expect(list.data).toHaveLength(1);
    expect(list.data[0]).toMatchObject({ kind: 'task.assigned', link: '/tasks', params: { title: '回访王先生' } });
    expect(json(await owner.get('/api/v1/notifications/unread-count'))).toEqual({ unread: 0 });
    // Someone else's notification id is not found, for a colleague and for another business.
    const id = list.data[0].id;
    expect((await owner.post(`/api/v1/notifications/${id}/read`)).statusCode).toBe(404);
    const other = await h().tenant();
    expect((await other.owner.post(`/api/v1/notifications/${id}/read`)).statusCode).toBe(404);
    expect((await rep.post(`/api/v1/notifications/${id}/read`)).statusCode).toBe(204);
    expect(json(await rep.get('/api/v1/notifications/unread-count'))).toEqual({ unread: 0 });
    expect(json(await rep.post('/api/v1/notifications/read-all'))).toEqual({ marked: 0 });
  });

  it('mails the kinds a user chose, in their language, through the mail outbox', async () => {
    const { owner, tenantId } = await h().tenant({ locale: 'ja' });
    const rep = await h().user(owner, 'sales');
    const prefs = json<{ kinds: { kind: string; email: boolean }[]; mailEnabled: boolean }>(
      await rep.get('/api/v1/notifications/preferences'),
    );
    expect(prefs.kinds.find((k) => k.kind === 'task.assigned')?.email).toBe(true);
    expect(prefs.mailEnabled).toBe(true);
    const saved = await rep.request('PUT', '/api/v1/notifications/preferences', {
      kinds: [{ kind: 'task.assigned', email: false }],
    });
    expect(json<typeof prefs>(saved).kinds.find((k) => k.kind === 'task.assigned')?.email).toBe(false);
    const bad = await rep.request('PUT', '/api/v1/notifications/preferences', {
      kinds: [{ kind: 'nope', email: 1 }],
    });
    expect(bad.statusCode).toBe(422);
    await owner.post('/api/v1/tasks', { title: 'no mail', dueAt: due, assigneeId: rep.info.userId });
    await deliver(); // the choice holds when the event is delivered
    await rep.request('PUT', '/api/v1/notifications/preferences', {
      kinds: [{ kind: 'task.assigned', email: true }],
    });
    // A server without SMTP queues no mail (it would only pile up), but the bell still rings.
    await owner.post('/api/v1/tasks', { title: 'no server', dueAt: due, assigneeId: rep.info.userId });
    await deliver(false);
    expect(json<{ unread: number }>(await rep.get('/api/v1/notifications/unread-count')).unread).toBe(2);
    // The rep never chose a language: the mail is in the business's (ja).
    await owner.post('/api/v1/tasks', { title: '見積書', dueAt: due, assigneeId: rep.info.userId });
    await deliver();
    const mails = await rows<{ subject: string; to: string; kind: string }>(
      h().database.db,
      sql`select subject, "to", kind from mail_outbox where tenant_id = ${tenantId}`,
    );
    expect(mails).toEqual([{ subject: '新しいタスク：見積書', to: rep.info.email, kind: 'notification' }]);
  });
});

/** With an engine in the app: it runs, finishes and drains the outbox by itself. */
describeApi(
  'background runs',
  (h) => {
    it('shows a run to owners and admins and to whoever started it, streams it, cancels and retries it', async () => {
      const { owner, tenantId } = await h().tenant();
      const rep = await h().user(owner, 'sales');
      const other = await h().tenant();
      const id = await transaction(h().database.db, (tx) =>
        engine.enqueue(tx, tenantId, 'test.slow', { total: 3 }, rep.info.userId),
      );
      expect((await owner.get(`/api/v1/jobs/${id}`)).statusCode).toBe(200);
      expect((await rep.get(`/api/v1/jobs/${id}`)).statusCode).toBe(200); // rep started it
      const colleague = await h().user(owner, 'sales');
      expect((await colleague.get(`/api/v1/jobs/${id}`)).statusCode).toBe(404);
      expect((await other.owner.get(`/api/v1/jobs/${id}`)).statusCode).toBe(404);
      expect((await other.owner.post(`/api/v1/jobs/${id}/cancel`)).statusCode).toBe(404);
      expect((await colleague.get('/api/v1/jobs')).statusCode).toBe(403);
      expect((await rep.get('/api/v1/mail')).statusCode).toBe(403);
      const page = json<{ data: { id: string }[] }>(await owner.get('/api/v1/jobs?state=all&limit=5'));
      expect(page.data.map((r) => r.id)).toContain(id);
      expect((await owner.get('/api/v1/jobs?state=bogus')).statusCode).toBe(422);
      // Live progress until the end.
      const stream = await owner.get(`/api/v1/jobs/${id}/stream`);
      expect(stream.headers['content-type']).toContain('text/event-stream');
      expect(stream.body).toContain('event: progress');
      expect(stream.body.trim().endsWith('event: end\ndata: {}')).toBe(true);
      const done = json<{ state: string; done: number; total: number }>(await owner.get(`/api/v1/jobs/${id}`));
      expect(done).toMatchObject({ state: 'completed', done: 3, total: 3 });
      // Another business's owner and a colleague who did not start it: not found, and nothing changed.
      const before = json(await owner.get(`/api/v1/jobs/${id}`));
      for (const [who, path] of [
        [other.owner, 'retry'],
        [other.owner, 'cancel'],
        [colleague, 'retry'],
        [colleague, 'cancel'],
        [rep, 'retry'], // the starter may cancel, not retry
      ] as const) {
        const r = await who.post(`/api/v1/jobs/${id}/${path}`);
        expect(r.statusCode).toBe(404);
        expect(r.headers['content-type']).toContain('application/problem+json');
      }
      expect(json(await owner.get(`/api/v1/jobs/${id}`))).toEqual(before);
      const again = await owner.post(`/api/v1/jobs/${id}/retry`);
      expect(again.statusCode).toBe(409);
      expect(json(again).code).toBe('job_not_dead');
      expect((await owner.post(`/api/v1/jobs/${id}/cancel`)).statusCode).toBe(409);
      // The starter hears that it finished, with a link to the run (the engine drains the outbox by itself).
      const heard = await until('the job.completed notification', async () => {
        const list = json<{ data: { kind: string; link: string }[] }>(await rep.get('/api/v1/notifications'));
        return list.data.find((n) => n.kind === 'job.completed');
      });
      expect(heard.link).toBe(`/jobs/${id}`);
    });
  },
  [],
  (database) => {
    engine = new Engine({
      database,
      logger,
      jobs: [
        {
          name: 'test.slow',
          run: async (job) => {
            const total = Number(job.data.total);
            for (let i = 1; i <= total; i++) {
              await new Promise((r) => setTimeout(r, 300));
              job.progress(i, total);
            }
          },
        },
      ],
      zones: tenantZones(database.db),
      pollSeconds: 0.5,
      tickSeconds: 3600,
    });
    return engine;
  },
);
