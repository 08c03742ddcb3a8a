import { expect, it } from 'vitest';
import { describeApi, json } from '../../../test/harness.ts';

interface AuditPage {
  data: { action: string; entity: string; entityId: string | null; changes: Record<string, unknown> | null }[];
  refs: Record<string, { kind: string; name: string; customerId: string | null; subtype?: string; total?: number }>;
}

describeApi('audit log names the records it mentions', (h) => {
  it('resolves customers, users, orders, tasks and merged-away files on the page, only within the tenant', async () => {
    const { owner } = await h().tenant();
    const other = await h().tenant();
    const rep = await h().user(owner, 'sales');
    const c = json<{ id: string }>(await owner.post('/api/v1/customers', { kind: 'person', name: '陈静' })).id;
    const twin = json<{ id: string }>(await owner.post('/api/v1/customers', { kind: 'person', name: '陈静二' })).id;
    const order = json<{ id: string }>(
      await owner.post('/api/v1/orders', {
        customerId: c,
        orderedAt: '2026-01-10T03:00:00Z',
        lines: [{ name: '龙井', quantity: 1, unitPrice: 25600 }],
      }),
    ).id;
    const task = json<{ id: string }>(
      await owner.post('/api/v1/tasks', { title: '回访', dueAt: '2026-02-01T02:00:00Z', customerId: c }),
    ).id;
    await owner.post('/api/v1/customers/owner', { ids: [c], ownerId: rep.info.userId });
    await owner.post(`/api/v1/customers/${c}/merge`, { otherId: twin });
    const foreign = json<{ id: string }>(
      await other.owner.post('/api/v1/customers', { kind: 'person', name: '外人' }),
    ).id;

    const page = json<AuditPage>(await owner.get('/api/v1/audit-log?limit=50'));
    expect(page.refs[c]).toMatchObject({ kind: 'customer', name: '陈静' });
    expect(page.refs[twin]).toMatchObject({ kind: 'customer', name: '陈静二' }); // merged away, still named
    expect(page.refs[rep.info.userId!]).toMatchObject({ kind: 'user' });
    expect(page.refs[order]).toMatchObject({
      kind: 'order',
      name: '陈静',
      customerId: c,
      subtype: 'sale',
      total: 25600,
    });
    expect(page.refs[task]).toMatchObject({ kind: 'task', name: '回访', customerId: c });
    expect(page.data.find((e) => e.action === 'customer.assign')?.changes).toEqual({
      ownerId: { from: owner.info.userId, to: rep.info.userId },
    });
    expect(page.refs[foreign]).toBeUndefined();
    // The other tenant's page names nothing of ours.
    const theirs = json<AuditPage>(await other.owner.get('/api/v1/audit-log?limit=50'));
    expect(Object.keys(theirs.refs)).not.toContain(c);
    expect(theirs.refs[foreign]).toMatchObject({ name: '外人' });
  });
});
