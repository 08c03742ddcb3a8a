import { expect, it } from 'vitest';
import { describeApi, json, PASSWORD } from '../../test/harness.ts';

describeApi('HTTP edge: bad input, errors, isolation, docs', (h) => {
  it('answers malformed JSON with 400 problem+json', async () => {
    const { owner } = await h().tenant();
    const r = await owner.request('PATCH', '/api/v1/tenant', '{"name": ', { 'content-type': 'application/json' });
    expect(r.statusCode).toBe(400);
    expect(r.headers['content-type']).toContain('application/problem+json');
    expect(json(r)).toMatchObject({ status: 400, code: 'malformed_json', title: 'Bad Request' });
  });

  it('names unknown fields and wrong types with field paths', async () => {
    const { owner } = await h().tenant();
    const r = await owner.patch('/api/v1/tenant', { name: 42, colour: 'red' });
    expect(r.statusCode).toBe(422);
    const errors = json<{ errors: { path: string; message: string }[] }>(r).errors;
    expect(errors.map((e) => e.path)).toEqual(expect.arrayContaining(['body.name', 'body.colour']));
  });

  it('refuses bodies over the limit with 413', async () => {
    const { owner } = await h().tenant();
    const r = await owner.patch('/api/v1/tenant', { name: 'x'.repeat(2 * 1024 * 1024) });
    expect(r.statusCode).toBe(413);
    expect(json(r).code).toBe('body_too_large');
  });

  it('treats an invalid id in the path as not found', async () => {
    const { owner } = await h().tenant();
    const r = await owner.get('/api/v1/users/not-a-uuid');
    expect(r.statusCode).toBe(404);
    expect(r.headers['content-type']).toContain('application/problem+json');
  });

  it('answers unknown routes with problem+json 404', async () => {
    const r = await h().anon.get('/api/v1/nothing-here');
    expect(r.statusCode).toBe(404);
    expect(json(r).code).toBe('not_found');
  });

  it("hides another tenant's users: 404, not 403", async () => {
    const a = await h().tenant();
    const b = await h().tenant();
    const r = await a.owner.get(`/api/v1/users/${b.owner.info.userId}`);
    expect(r.statusCode).toBe(404);
    const patch = await a.owner.patch(`/api/v1/users/${b.owner.info.userId}`, { name: 'hijacked' });
    expect(patch.statusCode).toBe(404);
    const list = json<{ data: { id: string }[] }>(await a.owner.get('/api/v1/users?limit=200')).data;
    expect(list.map((u) => u.id)).not.toContain(b.owner.info.userId);
    const tokens = await a.owner.delete(`/api/v1/tokens/${b.owner.info.userId}`);
    expect(tokens.statusCode).toBe(404);
  });

  it('does not let the client choose tenant or role', async () => {
    const a = await h().tenant();
    const b = await h().tenant();
    const rep = await h().user(a.owner, 'sales');
    const r = await rep.patch(`/api/v1/users/${rep.info.userId}`, { role: 'owner' });
    expect(r.statusCode).toBe(403);
    const t = await a.owner.patch('/api/v1/tenant', { id: b.tenantId });
    expect(t.statusCode).toBe(422);
  });

  it('records every write in the audit log with before → after', async () => {
    const { owner } = await h().tenant();
    const rep = await h().user(owner, 'sales');
    await owner.patch(`/api/v1/users/${rep.info.userId}`, { name: 'Renamed Rep', role: 'manager' });
    const r = await owner.get(`/api/v1/audit-log?entity=user&entityId=${rep.info.userId}`);
    const entries = json<{
      data: {
        action: string;
        changes: Record<string, { from: unknown; to: unknown }>;
        actorName: string;
        requestId: string;
      }[];
    }>(r).data;
    const update = entries.find((e) => e.action === 'user.update')!;
    expect(update.changes.role).toEqual({ from: 'sales', to: 'manager' });
    expect(update.changes.name.to).toBe('Renamed Rep');
    expect(update.requestId).toBeTruthy();
    expect(JSON.stringify(entries)).not.toContain('passwordHash');
    expect((await rep.get('/api/v1/audit-log')).statusCode).toBe(403);
  });

  it('paginates the audit log by key', async () => {
    const { owner } = await h().tenant();
    for (let i = 0; i < 3; i++) await owner.patch('/api/v1/tenant', { name: `Name ${i}` });
    const first = json<{ data: { id: string }[]; nextCursor: string }>(await owner.get('/api/v1/audit-log?limit=2'));
    expect(first.data.length).toBe(2);
    const second = json<{ data: { id: string }[] }>(
      await owner.get(`/api/v1/audit-log?limit=2&cursor=${first.nextCursor}`),
    );
    expect(second.data.length).toBeGreaterThan(0);
    expect(second.data.map((e) => e.id)).not.toContain(first.data[0].id);
    const bad = await owner.get('/api/v1/audit-log?cursor=%%%');
    expect(bad.statusCode).toBe(422);
  });

  it('serves the OpenAPI 3.1 document and the docs page', async () => {
    const r = await h().anon.get('/api/v1/openapi.json');
    expect(r.statusCode).toBe(200);
    const doc = json<{ openapi: string; paths: Record<string, unknown> }>(r);
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/api/v1/auth/login', '/api/v1/users/{id}', '/api/v1/audit-log']),
    );
    const docs = await h().app.inject({ method: 'GET', url: '/api/docs/' });
    expect(docs.statusCode).toBe(200);
    expect(docs.body).toContain('swagger');
  });

  it('reports health and readiness', async () => {
    expect(json(await h().anon.get('/healthz'))).toEqual({ status: 'ok' });
    expect(json(await h().anon.get('/readyz'))).toMatchObject({ status: 'ready' });
  });

  it('echoes a request id', async () => {
    const r = await h().app.inject({ method: 'GET', url: '/healthz', headers: { 'x-request-id': 'abc-123' } });
    expect(r.headers['x-request-id']).toBe('abc-123');
  });

  it('lets users sign in when their email exists in two tenants by naming the tenant', async () => {
    const a = await h().tenant();
    const b = await h().tenant();
    const email = `shared${Date.now()}@example.com`;
    await a.owner.post('/api/v1/users', { email, name: 'A', role: 'sales', password: PASSWORD });
    await b.owner.post('/api/v1/users', { email, name: 'B', role: 'sales', password: PASSWORD });
    const r = await h().anon.post('/api/v1/auth/login', { email, password: PASSWORD });
    expect(r.statusCode).toBe(409);
    expect(json<{ tenants: string[] }>(r).tenants.sort()).toEqual([a.slug, b.slug].sort());
    const c = await h().signIn(email, PASSWORD, b.slug);
    expect(c.info.tenantId).toBe(b.tenantId);
  });
});
