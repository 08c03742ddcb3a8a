import type { CustomerOut } from './schemas.ts';

/**
 * Recently read customer files, per tenant, for a few seconds: the file is read far more often than it changes
 * (every call, every visit, every page). Once a write in this process commits, its event makes the customers
 * manifest (index.ts) forget the tenant's entries and pause caching for a moment, so a read that began before the
 * commit is not kept; another process sharing the database serves a file at most FILE_CACHE_MS old. Visibility is
 * still decided on every request.
 */
export const FILE_CACHE_MS = 5_000;
const QUIET_MS = 1_000;
const MAX_PER_TENANT = 5_000;

interface TenantFiles {
  files: Map<string, { file: CustomerOut; json: Buffer; until: number }>;
  quietUntil: number;
  /** Files changed a moment ago by a write that touched them alone (a diary entry, an order). */
  quietFiles: Map<string, number>;
}
const tenants = new Map<string, TenantFiles>();

function tenant(tenantId: string): TenantFiles {
  let t = tenants.get(tenantId);
  if (!t) {
    t = { files: new Map(), quietUntil: 0, quietFiles: new Map() };
    tenants.set(tenantId, t);
  }
  return t;
}

export function cachedFile(tenantId: string, id: string): { file: CustomerOut; json: Buffer } | undefined {
  const t = tenants.get(tenantId);
  const hit = t?.files.get(id);
  if (!hit) return undefined;
  if (hit.until > Date.now()) return hit;
  t?.files.delete(id);
  return undefined;
}

/**
 * Serializes the file and keeps it, unless a write happened a moment ago. `readStarted` is when its read began.
 * Kept as UTF-8 bytes: a file full of CJK text would otherwise be encoded again on every response.
 */
export function cacheFile(tenantId: string, file: CustomerOut, readStarted: number): Buffer {
  const json = Buffer.from(JSON.stringify(file));
  const t = tenant(tenantId);
  if (readStarted < t.quietUntil) return json;
  const quiet = t.quietFiles.get(file.id);
  if (quiet !== undefined) {
    if (readStarted < quiet) return json;
    t.quietFiles.delete(file.id);
  }
  if (t.files.size >= MAX_PER_TENANT) t.files.clear();
  t.files.set(file.id, { file, json, until: Date.now() + FILE_CACHE_MS });
  return json;
}

/** After a committed write that changes anything shown in a file (names appear in other files' links too). */
export function forgetFiles(tenantId: string): void {
  const t = tenant(tenantId);
  t.files.clear();
  t.quietUntil = Date.now() + QUIET_MS;
}

/**
 * After a committed write that changes only these customers' own figures (last contact, purchase figures): the rest of
 * the tenant's cached files stay. A person's last contact also shows in the contact lists of the organizations it
 * is linked to; those may show it up to FILE_CACHE_MS late, as another process would.
 */
export function forgetFile(tenantId: string, ...ids: string[]): void {
  const t = tenant(tenantId);
  const until = Date.now() + QUIET_MS;
  if (t.quietFiles.size > MAX_PER_TENANT) t.quietFiles.clear();
  for (const id of ids) {
    t.files.delete(id);
    t.quietFiles.set(id, until);
  }
}
