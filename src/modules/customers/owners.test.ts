import { expect, it } from 'vitest';
import { type Client, describeApi, json } from '../../../test/harness.ts';

const ownerOf = async (c: Client, id: string) =>
  json<{ ownerId: string | null }>(await c.get(`/api/v1/customers/${id}`)).ownerId;
const person = async (c: Client, name: string, extra: Record<string, unknown> = {}) =>
  json<{ id: string }>(await c.post('/api/v1/customers', { kind: 'person', name, ...extra })).id;

describeApi('changing customers’ owner (file and bulk)', (h) => {
  it('lets a manager move their department’s customers between colleagues and to the pool, audited', async () => {
    const { owner } = await h().tenant();
    const east = json<{ id: string }>(await owner.post('/api/v1/org-units', { name: 'East', kind: 'department' }));
    const west = json<{ id: string }>(await owner.post('/api/v1/org-units', { name: 'West', kind: 'department' }));
    const manager = await h().user(owner, 'manager', east.id);
    const rep = await h().user(owner, 'sales', east.id);
    const rep2 = await h().user(owner, 'sales', east.id);
    const outsider = await h().user(owner, 'sales', west.id);
    const a = await person(rep, '甲一');
    const b = await person(rep, '甲二');
    const r = await manager.post('/api/v1/customers/owner', { ids: [a, b], ownerId: rep2.info.userId });
    expect(r.statusCode, r.body).toBe(200);
    expect(json(r)).toMatchObject({ updated: 2, ownerId: rep2.info.userId });
    expect(await ownerOf(owner, a)).toBe(rep2.info.userId);
    expect(await ownerOf(owner, b)).toBe(rep2.info.userId);
    // The new owner now sees them; the old one no longer does.
    expect((await rep2.get(`/api/v1/customers/${a}`)).statusCode).toBe(200);
    expect((await rep.get(`/api/v1/customers/${a}`)).statusCode).toBe(404);

    const log = json<{ data: { action: string; entityId: string; changes: Record<string, unknown> }[] }>(
      await owner.get(`/api/v1/audit-log?entityId=${a}&action=customer.assign`),
    ).data;
    expect(log).toHaveLength(1);
    expect(log[0].changes).toEqual({ ownerId: { from: rep.info.userId, to: rep2.info.userId } });

    // Releasing to the pool (公海).
    const pooled = await manager.post('/api/v1/customers/owner', { ids: [a], ownerId: null });
    expect(json(pooled)).toMatchObject({ updated: 1, ownerId: null, ownerName: null });
    expect(await ownerOf(owner, a)).toBeNull();
    // The list's "unowned (公海)" filter finds it.
    const pool = json<{ data: { id: string }[] }>(await manager.get('/api/v1/customers?unowned=true')).data;
    expect(pool.map((c) => c.id)).toEqual([a]);

    // The picker offers the manager's department only; a rep only themselves.
    const names = async (c: Client, kind: string) =>
      json<{ data: { id: string }[] }>(await c.get(`/api/v1/assignees?for=${kind}`))
        .data.map((u) => u.id)
        .sort();
    expect(await names(manager, 'customer')).toEqual([manager.info.userId, rep.info.userId, rep2.info.userId].sort());
    expect(await names(manager, 'task')).toEqual([manager.info.userId, rep.info.userId, rep2.info.userId].sort());
    expect(await names(rep, 'customer')).toEqual([rep.info.userId]);
    expect((await names(owner, 'customer')).length).toBe(5);
    expect((await manager.get('/api/v1/assignees?for=bogus')).statusCode).toBe(422);
    // An owner outside the manager's department is refused, and nothing changes.
    const far = await manager.post('/api/v1/customers/owner', { ids: [b], ownerId: outsider.info.userId });
    expect(far.statusCode).toBe(403);
    expect(await ownerOf(owner, b)).toBe(rep2.info.userId);
  });

  it('is all or nothing: another rep’s, another tenant’s or an unknown id is a 404 and changes none', async () => {
    const { owner } = await h().tenant();
    const other = await h().tenant();
    const rep = await h().user(owner, 'sales');
    const rep2 = await h().user(owner, 'sales');
    const mine = await person(rep, '自己的');
    const theirs = await person(rep2, '别人的');
    const foreign = await person(other.owner, '外面的');
    const unknown = '01900000-0000-7000-8000-000000000000';
    for (const stranger of [theirs, foreign, unknown]) {
      const r = await rep.post('/api/v1/customers/owner', { ids: [mine, stranger], ownerId: null });
      expect(r.statusCode, stranger).toBe(404);
      expect(r.headers['content-type']).toContain('application/problem+json');
    }
    expect(await ownerOf(owner, mine)).toBe(rep.info.userId);
    expect(await ownerOf(owner, theirs)).toBe(rep2.info.userId);
    expect(await ownerOf(other.owner, foreign)).toBe(other.owner.info.userId);
    // A manager of another tenant cannot reach in either.
    expect((await other.owner.post('/api/v1/customers/owner', { ids: [mine], ownerId: null })).statusCode).toBe(404);
  });

  it('keeps a sales rep within their own scope', async () => {
    const { owner } = await h().tenant();
    const rep = await h().user(owner, 'sales');
    const rep2 = await h().user(owner, 'sales');
    const mine = await person(rep, '我的');
    const mine2 = await person(rep, '我的二');
    const pool = await person(owner, '公海的', { ownerId: null });
    // Giving one's customers to a colleague takes a wider scope than "own".
    expect((await rep.post('/api/v1/customers/owner', { ids: [mine], ownerId: rep2.info.userId })).statusCode).toBe(
      403,
    );
    // A pool customer is visible but not theirs to change.
    expect((await rep.post('/api/v1/customers/owner', { ids: [pool], ownerId: rep.info.userId })).statusCode).toBe(403);
    // Their own they may release to the pool, in bulk too (customer.bulk at own scope).
    const r = await rep.post('/api/v1/customers/owner', { ids: [mine, mine2, mine], ownerId: null });
    expect(r.statusCode, r.body).toBe(200);
    expect(json(r)).toMatchObject({ updated: 2 });
    // The owner can hand them to anyone active; a user of another tenant is not a colleague.
    const other = await h().tenant();
    const stranger = await owner.post('/api/v1/customers/owner', { ids: [mine], ownerId: other.owner.info.userId });
    expect(stranger.statusCode).toBe(422);
    expect(json<{ errors: { path: string }[] }>(stranger).errors.map((e) => e.path)).toEqual(['body.ownerId']);
    expect(await ownerOf(owner, mine)).toBeNull();
  });

  it('refuses bad input with problem+json', async () => {
    const { owner } = await h().tenant();
    const service = await h().user(owner, 'service');
    const c = await person(owner, '某人');
    for (const body of [
      {},
      { ids: [], ownerId: null },
      { ids: ['not-a-uuid'], ownerId: null },
      { ids: [c] },
      { ids: [c], ownerId: 'x' },
      { ids: [c], ownerId: null, extra: 1 },
      { ids: Array.from({ length: 501 }, () => c), ownerId: null },
    ]) {
      const r = await owner.post('/api/v1/customers/owner', body);
      expect(r.statusCode, JSON.stringify(body).slice(0, 80)).toBe(422);
      expect(r.headers['content-type']).toContain('application/problem+json');
    }
    // A role that may not change customers at all.
    expect((await service.post('/api/v1/customers/owner', { ids: [c], ownerId: null })).statusCode).toBe(403);
  });
});
