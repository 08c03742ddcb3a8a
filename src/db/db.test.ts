import { sql } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { describeApi, json } from '../../test/harness.ts';
import { rows } from './client.ts';
import { migrate } from './migrate.ts';
import { withTenant } from './tenant.ts';

/** The database's own message (Drizzle wraps it as the cause). */
async function failure(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    const err = e as { message: string; cause?: { message?: string } };
    return err.cause?.message ?? err.message;
  }
  return 'did not fail';
}

describeApi('database: row-level security and migrations', (h) => {
  it("cannot see another tenant's rows with a raw SELECT inside a tenant transaction", async () => {
    const a = await h().tenant();
    const b = await h().tenant();
    const db = h().database.db;
    const seen = await withTenant(db, a.tenantId, (tx) =>
      rows<{ tenant_id: string }>(tx, sql`select tenant_id from users`),
    );
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.every((r) => r.tenant_id === a.tenantId)).toBe(true);
    const tenants = await withTenant(db, a.tenantId, (tx) => rows<{ id: string }>(tx, sql`select id from tenants`));
    expect(tenants.map((t) => t.id)).toEqual([a.tenantId]);
    const audit = await withTenant(db, a.tenantId, (tx) =>
      rows<{ n: number }>(tx, sql`select count(*)::int as n from audit_log where tenant_id = ${b.tenantId}`),
    );
    expect(Number(audit[0].n)).toBe(0);
  });

  it("cannot write into another tenant's rows", async () => {
    const a = await h().tenant();
    const b = await h().tenant();
    const db = h().database.db;
    const updated = await withTenant(db, a.tenantId, (tx) =>
      rows<{ id: string }>(tx, sql`update users set name = 'pwned' where tenant_id = ${b.tenantId} returning id`),
    );
    expect(updated).toEqual([]);
    const err = await failure(
      withTenant(db, a.tenantId, (tx) =>
        tx.execute(
          sql`insert into org_units (tenant_id, id, kind, name) values (${b.tenantId}, gen_random_uuid(), 'team', 'x')`,
        ),
      ),
    );
    expect(err).toMatch(/row-level security/);
  });

  it('keeps the audit log append-only for the app role', async () => {
    const a = await h().tenant();
    const db = h().database.db;
    expect(
      await failure(withTenant(db, a.tenantId, (tx) => tx.execute(sql`update audit_log set action = 'x'`))),
    ).toMatch(/permission denied/);
    expect(await failure(withTenant(db, a.tenantId, (tx) => tx.execute(sql`delete from audit_log`)))).toMatch(
      /permission denied/,
    );
  });

  it('applies migrations idempotently', async () => {
    await migrate(h().database);
    await migrate(h().database);
    const r = await h().anon.get('/api/v1/setup');
    expect(r.statusCode).toBe(200);
  });

  it('gives team and department scope through the org tree', async () => {
    const { owner } = await h().tenant();
    const dept = json<{ id: string }>(await owner.post('/api/v1/org-units', { name: '华东区', kind: 'department' }));
    const teamA = json<{ id: string }>(
      await owner.post('/api/v1/org-units', { name: '上海一组', kind: 'team', parentId: dept.id }),
    );
    const teamB = json<{ id: string }>(
      await owner.post('/api/v1/org-units', { name: '杭州组', kind: 'team', parentId: dept.id }),
    );
    const manager = await h().user(owner, 'manager', dept.id);
    const a1 = await h().user(owner, 'sales', teamA.id);
    const a2 = await h().user(owner, 'sales', teamA.id);
    const b1 = await h().user(owner, 'sales', teamB.id);
    const { loadReach } = await import('../modules/users/service.ts');
    const reachOf = (c: typeof a1, role: 'manager' | 'sales') =>
      withTenant(h().database.db, c.info.tenantId!, (tx) =>
        loadReach(tx, { tenantId: c.info.tenantId!, userId: c.info.userId!, role, kind: 'user', name: '' }),
      );
    const m = await reachOf(manager, 'manager');
    expect([...m.department]).toEqual(expect.arrayContaining([a1.info.userId, a2.info.userId, b1.info.userId]));
    const s = await reachOf(a1, 'sales');
    expect([...s.team].sort()).toEqual([a1.info.userId, a2.info.userId].sort());
    expect(s.department.has(b1.info.userId!)).toBe(true);
    // A unit cannot become its own descendant.
    const cycle = await owner.patch(`/api/v1/org-units/${dept.id}`, { parentId: teamA.id });
    expect(cycle.statusCode).toBe(422);
  });
});
