import { beforeAll, describe, expect, it } from 'vitest';
import { MODULES } from '../modules/index.ts';
import { installModules } from '../modules/install.ts';
import { type Action, type Actor, can, mayGrantRole, ownerFilter, type Reach, type Role } from './policy.ts';

const me = 'u-me';
const teammate = 'u-team';
const deptmate = 'u-dept';
const stranger = 'u-other';
const reach: Reach = { team: new Set([me, teammate]), department: new Set([me, teammate, deptmate]) };
const actor = (role: Role): Actor => ({ tenantId: 't', userId: me, role, kind: 'user', name: role });

type Row = [Role, Action, { own: boolean; team: boolean; dept: boolean; other: boolean; pool: boolean }];
const T = true;
const F = false;
// The full matrix for customer actions: whose record may each role touch?
const matrix: Row[] = [
  ['owner', 'customer.read', { own: T, team: T, dept: T, other: T, pool: T }],
  ['owner', 'customer.update', { own: T, team: T, dept: T, other: T, pool: T }],
  ['owner', 'customer.merge', { own: T, team: T, dept: T, other: T, pool: T }],
  ['admin', 'customer.read', { own: T, team: T, dept: T, other: T, pool: T }],
  ['admin', 'customer.archive', { own: T, team: T, dept: T, other: T, pool: T }],
  ['manager', 'customer.read', { own: T, team: T, dept: T, other: F, pool: T }],
  ['manager', 'customer.update', { own: T, team: T, dept: T, other: F, pool: T }],
  ['manager', 'customer.merge', { own: T, team: T, dept: T, other: F, pool: T }],
  ['sales', 'customer.read', { own: T, team: F, dept: F, other: F, pool: T }],
  ['sales', 'customer.update', { own: T, team: F, dept: F, other: F, pool: F }],
  ['sales', 'customer.archive', { own: T, team: F, dept: F, other: F, pool: F }],
  ['sales', 'customer.merge', { own: F, team: F, dept: F, other: F, pool: F }],
  ['service', 'customer.read', { own: T, team: T, dept: T, other: T, pool: T }],
  ['service', 'customer.update', { own: F, team: F, dept: F, other: F, pool: F }],
  ['service', 'interaction.create', { own: T, team: T, dept: T, other: T, pool: T }],
  ['sales', 'interaction.create', { own: T, team: F, dept: F, other: F, pool: F }],
  ['manager', 'task.manage', { own: T, team: T, dept: T, other: F, pool: T }],
];

describe('policy: role × scope matrix', () => {
  beforeAll(() => installModules(MODULES));

  for (const [role, action, expected] of matrix) {
    it(`${role} ${action}`, () => {
      const a = actor(role);
      const got = {
        own: can(a, action, { ownerId: me }, reach),
        team: can(a, action, { ownerId: teammate }, reach),
        dept: can(a, action, { ownerId: deptmate }, reach),
        other: can(a, action, { ownerId: stranger }, reach),
        pool: can(a, action, { ownerId: null }, reach),
      };
      expect(got).toEqual(expected);
    });
  }

  it('turns the same decision into a list filter', () => {
    expect(ownerFilter(actor('owner'), 'customer.read', reach)).toEqual({ kind: 'all' });
    expect(ownerFilter(actor('sales'), 'customer.merge', reach)).toEqual({ kind: 'none' });
    expect(ownerFilter(actor('sales'), 'customer.read', reach)).toEqual({
      kind: 'owners',
      ownerIds: [me],
      includeUnowned: true,
    });
    const m = ownerFilter(actor('manager'), 'customer.update', reach);
    expect(m.kind === 'owners' && [...m.ownerIds].sort()).toEqual([deptmate, me, teammate].sort());
  });

  it('only admins and owners manage users, settings and read the audit log', () => {
    for (const role of ['owner', 'admin', 'manager', 'sales', 'service'] as Role[]) {
      const privileged = role === 'owner' || role === 'admin';
      for (const action of ['user.manage', 'org.manage', 'tenant.manage', 'settings.manage', 'audit.read'] as Action[])
        expect(can(actor(role), action, null, reach), `${role} ${action}`).toBe(privileged);
    }
  });

  it('never lets a token or user grant more than they hold', () => {
    expect(mayGrantRole('owner', 'owner')).toBe(true);
    expect(mayGrantRole('admin', 'owner')).toBe(false);
    expect(mayGrantRole('admin', 'admin')).toBe(true);
    expect(mayGrantRole('manager', 'admin')).toBe(false);
    expect(mayGrantRole('sales', 'sales')).toBe(true);
    expect(mayGrantRole('sales', 'manager')).toBe(false);
    expect(mayGrantRole('service', 'sales')).toBe(true);
  });
});
