/**
 * The one place that answers "may actor U do action A on record R". Pure: it takes the actor, the record's
 * owner and the actor's reach (who is in my team / my department) and returns a decision. Every module calls it.
 *
 * The permissions themselves are declared by the modules: each module's manifest (src/modules/<m>/index.ts) lists
 * its permissions with a default data scope per role, and names them in `Permissions` below by declaration
 * merging, so `allows(actor, 'customer.raed')` does not compile. `installPermissions` (called by installModules)
 * builds the role × permission table from those declarations.
 */
export const ROLES = ['owner', 'admin', 'manager', 'sales', 'service'] as const;
export type Role = (typeof ROLES)[number];

export type Scope = 'own' | 'team' | 'department' | 'all';
const SCOPE_RANK: Record<Scope, number> = { own: 1, team: 2, department: 3, all: 4 };

/**
 * Every permission's name, filled in by the modules:
 * `declare module '../../core/policy.ts' { interface Permissions extends Declared<typeof permissions> {} }`.
 */
// biome-ignore lint/suspicious/noEmptyInterface: filled by the modules through declaration merging
export interface Permissions {}
export type Action = keyof Permissions & string;

/** A permission's default data scope per role; a role left out does not hold it. */
export type RoleGrants = Partial<Record<Role, Scope>>;
/** What a module declares: permission name → default grants. */
export type PermissionDeclarations = Record<string, RoleGrants>;
/** The names a module's declarations add to `Permissions`. */
export type Declared<T extends PermissionDeclarations> = { [K in keyof T]: true };

type Grants = Partial<Record<string, Scope>>;
let table: Record<Role, Grants> | undefined;
const declaredBy = new Map<string, RoleGrants>();
let reachRoles = new Set<Role>();

/** Adds a module's permissions to the table (idempotent for the same declaration; a name declared twice differently throws). */
export function installPermissions(decls: PermissionDeclarations): void {
  const next = table ?? (Object.fromEntries(ROLES.map((r) => [r, {}])) as Record<Role, Grants>);
  for (const [name, grants] of Object.entries(decls)) {
    const seen = declaredBy.get(name);
    if (seen && JSON.stringify(seen) !== JSON.stringify(grants))
      throw new Error(`permission ${name} is declared twice with different grants`);
    declaredBy.set(name, grants);
    for (const role of ROLES) {
      const scope = grants[role];
      if (scope) next[role][name] = scope;
    }
  }
  table = next;
  reachRoles = new Set(
    ROLES.filter((role) => Object.values(next[role]).some((s) => s === 'team' || s === 'department')),
  );
}

/** Every installed permission, in declaration order (GET /me lists the ones the actor holds). */
export const permissionNames = (): Action[] => [...declaredBy.keys()] as Action[];

/** The default grants of every installed permission (the role table in docs and tests). */
export const permissionGrants = (): ReadonlyMap<Action, RoleGrants> => declaredBy as ReadonlyMap<Action, RoleGrants>;

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

/**
 * The system acting in a tenant (a job, a CLI command) with owner rights; the audit log names it `name`.
 * `userId` is the user the work is done for when a write needs one (an owner of what it creates).
 */
export const systemActor = (tenantId: string, name: string, userId = tenantId): Actor => ({
  tenantId,
  userId,
  role: 'owner',
  kind: 'system',
  name,
});

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
  if (!table) throw new Error('no permissions installed: call installModules() (src/modules/install.ts) first');
  return table[role][action];
}

/** Whether any of the role's grants is team- or department-scoped (only then is the org tree needed). */
export function needsReach(role: Role): boolean {
  return reachRoles.has(role);
}

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
