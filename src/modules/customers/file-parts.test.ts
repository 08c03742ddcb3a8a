import { expect, it } from 'vitest';
import { type Client, describeApi, json } from '../../../test/harness.ts';
import { type Action, permissionGrants, ROLES, type Role } from '../../core/policy.ts';
import { MODULES } from '../index.ts';
import { installModules } from '../install.ts';
import type { ModuleManifest } from '../manifest.ts';
import { type FileSection, fileSections, type TimelineProvider, timelineProviders } from './file-parts.ts';

/**
 * Every section of the customer file and every timeline provider is read only by a role that holds the permission
 * it declares. A module of this test's own adds a section and a provider under a permission some roles lack (the
 * real ones are held, at some scope, by every role today), so both sides of the rule are exercised.
 */
const PROBE = 'probe.read' as Action;
const probe: ModuleManifest = {
  name: 'probe',
  permissions: { [PROBE]: { owner: 'all', manager: 'department', service: 'all' } },
  fileSections: [{ name: 'probe', permission: PROBE, read: async () => ({ seen: true }) }],
  timelineProviders: [
    {
      name: 'probe',
      permission: PROBE,
      entries: async (_ctx, _tx, customerId, page) =>
        page.before ? [] : [{ at: new Date('2000-01-01T00:00:00Z'), kind: 'probe', id: customerId, title: 'probe' }],
    },
  ],
};
installModules([...MODULES, probe]);

/** The timeline entry kinds each provider writes: a new provider must be added here to be checked. */
const KINDS: Record<string, string> = {
  orders: 'order',
  interactions: 'interaction',
  tasks: 'task',
  changes: 'change',
  probe: 'probe',
};

const holds = (role: Role, permission: Action) => permissionGrants().get(permission)?.[role] !== undefined;

describeApi('customer file sections and timeline providers, each under its declared permission', (h) => {
  it('shows each section and each provider’s entries to exactly the roles that hold its permission', async () => {
    const { owner } = await h().tenant();
    const dept = json<{ id: string }>(await owner.post('/api/v1/org-units', { name: 'East', kind: 'department' }));
    const users: Record<Role, Client> = {
      owner,
      admin: await h().user(owner, 'admin'),
      manager: await h().user(owner, 'manager', dept.id),
      sales: await h().user(owner, 'sales', dept.id),
      service: await h().user(owner, 'service'),
    };
    expect(Object.keys(users).sort()).toEqual([...ROLES].sort());
    // A file every role may read: the rep's own, in the manager's department; with an order, a diary entry, and a
    // task for each user (task.read is own-scoped for some roles), and its own changes in the audit log.
    const c = json<{ id: string }>(await users.sales.post('/api/v1/customers', { kind: 'person', name: '王小明' }));
    const product = json<{ id: string }>(await owner.post('/api/v1/products', { name: 'Tea', price: 1000 }));
    const order = await owner.post('/api/v1/orders', {
      customerId: c.id,
      lines: [{ productId: product.id, quantity: 1 }],
    });
    expect(order.statusCode, order.body).toBe(201);
    const diary = await users.sales.post('/api/v1/interactions', { customerId: c.id, type: 'call', summary: 'hello' });
    expect(diary.statusCode, diary.body).toBe(201);
    for (const u of Object.values(users)) {
      const task = await owner.post('/api/v1/tasks', {
        title: 'call back',
        dueAt: '2030-01-01T00:00:00Z',
        assigneeId: u.info.userId,
        customerId: c.id,
      });
      expect(task.statusCode, task.body).toBe(201);
    }

    const sections: FileSection[] = [...fileSections()];
    const providers: TimelineProvider[] = [...timelineProviders()];
    expect(sections.map((s) => s.name)).toEqual(expect.arrayContaining(['orders', 'interactions', 'tasks', 'probe']));
    expect(providers.map((p) => p.name).sort()).toEqual(Object.keys(KINDS).sort());

    for (const role of ROLES) {
      const file = await users[role].get(`/api/v1/customers/${c.id}/360`);
      expect(file.statusCode, `${role}: ${file.body}`).toBe(200);
      const shown = Object.keys(json<{ sections: Record<string, unknown> }>(file).sections);
      expect(shown, role).toContain('contacts'); // the file's own section
      for (const s of sections)
        expect(shown.includes(s.name), `${role} sees section ${s.name}`).toBe(holds(role, s.permission));

      const timeline = await users[role].get(`/api/v1/customers/${c.id}/timeline?limit=200`);
      expect(timeline.statusCode, `${role}: ${timeline.body}`).toBe(200);
      const kinds = new Set(json<{ data: { kind: string }[] }>(timeline).data.map((e) => e.kind));
      for (const p of providers)
        expect(kinds.has(KINDS[p.name]), `${role} sees ${p.name} in the timeline`).toBe(holds(role, p.permission));
    }
    // Both sides of the rule were seen.
    expect(ROLES.filter((r) => holds(r, PROBE))).toEqual(['owner', 'manager', 'service']);
  });
});
