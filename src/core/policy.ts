import type { Role } from '../users/schema.ts';

/**
 * The one place that answers "may actor U do action A on record R". Pure: it takes the actor, the record's
 * owner and the actor's reach (who is in my team / my department) and returns a decision. Every module calls it.
 */
export type Scope = 'own' | 'team' | 'department' | 'all';
const SCOPE_RANK: Record<Scope, number> = { own: 1, team: 2, department: 3, all: 4 };

export const ACTIONS = [
  'customer.read',
  'customer.create',
  'customer.update',
  'customer.archive',
  'customer.merge',
  'customer.export',
  'customer.bulk',
  'interaction.read',
  'interaction.create',
  'interaction.update',
  'task.read',
  'task.manage',
  'user.read',
  'user.manage',
  'org.manage',
  'token.manage',
  'tenant.manage',
  'settings.manage',
  'audit.read',
] as const;
export type Action = (typeof ACTIONS)[number];

type Grants = Partial<Record<Action, Scope>>;
const everything = (scope: Scope): Grants => Object.fromEntries(ACTIONS.map((a) => [a, scope])) as Grants;

/** Default role × action → data scope. Missing means "not allowed". */
export const ROLE_GRANTS: Record<Role, Grants> = {
  owner: everything('all'),
  admin: everything('all'),
  manager: {
    'customer.read': 'department',
    'customer.create': 'all',
    'customer.update': 'department',
    'customer.archive': 'department',
    'customer.merge': 'department',
    'customer.export': 'department',
    'customer.bulk': 'department',
    'interaction.read': 'department',
    'interaction.create': 'department',
    'interaction.update': 'department',
    'task.read': 'department',
    'task.manage': 'department',
    'user.read': 'all',
    'token.manage': 'own',
  },
  sales: {
    'customer.read': 'own',
    'customer.create': 'all',
    'customer.update': 'own',
    'customer.archive': 'own',
    'customer.bulk': 'own',
    'interaction.read': 'own',
    'interaction.create': 'own',
    'interaction.update': 'own',
    'task.read': 'own',
    'task.manage': 'own',
    'user.read': 'all',
    'token.manage': 'own',
  },
  service: {
    'customer.read': 'all',
    'customer.create': 'all',
    'interaction.read': 'all',
    'interaction.create': 'all',
    'interaction.update': 'own',
    'task.read': 'own',
    'task.manage': 'own',
    'user.read': 'all',
    'token.manage': 'own',
  },
};

export const ROLE_RANK: Record<Role, number> = { owner: 5, admin: 4, manager: 3, sales: 2, service: 2 };

export interface Actor {
  tenantId: string;
  userId: string;
  role: Role;
  /** system: the CLI and jobs, acting with owner rights. */
  kind: 'user' | 'token' | 'system';
  tokenId?: string;
  name: string;
}

/** Who the actor reaches at team and department scope (user ids, the actor included). */
export interface Reach {
  team: ReadonlySet<string>;
  department: ReadonlySet<string>;
}

/** A record as the policy sees it: who owns it (null = nobody, e.g. the shared pool). */
export interface OwnedRecord {
  ownerId: string | null;
}

export function scopeOf(role: Role, action: Action): Scope | undefined {
  return ROLE_GRANTS[role][action];
}

/** Whether any of the role's grants is team- or department-scoped (only then is the org tree needed). */
export function needsReach(role: Role): boolean {
  return REACH_ROLES.has(role);
}
const REACH_ROLES = new Set(
  (Object.keys(ROLE_GRANTS) as Role[]).filter((role) =>
    Object.values(ROLE_GRANTS[role]).some((s) => s === 'team' || s === 'department'),
  ),
);

/** May the actor do this action at all (on some record)? */
export function allows(actor: Pick<Actor, 'role'>, action: Action): boolean {
  return scopeOf(actor.role, action) !== undefined;
}

/** May the actor do this action on this record? */
export function can(actor: Actor, action: Action, record: OwnedRecord | null, reach: Reach): boolean {
  const scope = scopeOf(actor.role, action);
  if (!scope) return false;
  if (scope === 'all' || record === null) return true;
  const owner = record.ownerId;
  // Unowned records (the shared pool) are readable by anyone allowed to read; changing them takes team scope or wider.
  if (owner === null) return action.endsWith('.read') || SCOPE_RANK[scope] >= SCOPE_RANK.team;
  if (owner === actor.userId) return true;
  if (scope === 'team') return reach.team.has(owner);
  if (scope === 'department') return reach.department.has(owner) || reach.team.has(owner);
  return false;
}

/** The same decision as a filter for list queries. */
export type OwnerFilter =
  | { kind: 'all' }
  | { kind: 'none' }
  | { kind: 'owners'; ownerIds: string[]; includeUnowned: boolean };

export function ownerFilter(actor: Actor, action: Action, reach: Reach): OwnerFilter {
  const scope = scopeOf(actor.role, action);
  if (!scope) return { kind: 'none' };
  if (scope === 'all') return { kind: 'all' };
  const ids = new Set<string>([actor.userId]);
  if (scope === 'team' || scope === 'department') for (const id of reach.team) ids.add(id);
  if (scope === 'department') for (const id of reach.department) ids.add(id);
  const includeUnowned = action.endsWith('.read') || SCOPE_RANK[scope] >= SCOPE_RANK.team;
  return { kind: 'owners', ownerIds: [...ids], includeUnowned };
}

/** A token may not carry more power than the user who makes it. */
export function mayGrantRole(granter: Role, wanted: Role): boolean {
  return ROLE_RANK[wanted] <= ROLE_RANK[granter] && (wanted !== 'owner' || granter === 'owner');
}
