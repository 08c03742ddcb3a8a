import { sql } from 'drizzle-orm';
import type { Logger } from 'pino';
import { type Db, rows } from '../../db/client.ts';
import { latestOccurrence } from './cron.ts';
import type { CronDefinition } from './define.ts';

/** Which tenants live in which time zone; the tenants module answers (src/core depends on no module). */
export interface TenantZones {
  /** The distinct time zones of the tenants. */
  zones(): Promise<string[]>;
  /** Tenants in `zone` that already existed at `at`. */
  tenantsIn(zone: string, at: Date): Promise<string[]>;
}

/** An occurrence missed by more than this (every process down) is skipped, not run late. */
const CATCH_UP_MS = 24 * 3600_000;
/** A run still queued this long after its commit was never handed to the queue (a crash in between). */
const SWEEP_AFTER_SECONDS = 30;
const CLAIM_CHUNK = 1000;

export interface TickInput {
  db: Db;
  now: Date;
  crons: CronDefinition[];
  zones: TenantZones;
  send(name: string, tenantId: string, id: string): Promise<void>;
  logger: Logger;
  seen: Set<string>;
  /** Whether this process knows the job (a run of a job removed since is left alone). */
  declared(name: string): boolean;
}

/**
 * Fires each schedule's latest occurrence once per tenant, in the tenant's time zone. Zones are computed once
 * each (not per tenant); a zone the runtime does not know is logged and skipped while the others run. The
 * claim (cron_runs, keyed by tenant, schedule and occurrence) and the run it creates commit together, so two
 * processes ticking at once create one run; the queue hand-off after commit is retried by the sweep.
 */
export async function tickSchedules(t: TickInput): Promise<void> {
  if (t.crons.length > 0) {
    const zones = await t.zones.zones();
    for (const cron of t.crons)
      for (const zone of zones) {
        let at: Date | null;
        try {
          at = latestOccurrence(cron.cron, zone, t.now, new Date(t.now.getTime() - CATCH_UP_MS));
        } catch (err) {
          t.logger.warn({ cron: cron.name, zone, err: String(err) }, 'schedule skipped for an invalid time zone');
          continue;
        }
        if (!at) continue;
        const key = `${cron.name}|${zone}|${at.toISOString()}`;
        if (t.seen.has(key)) continue;
        const tenants = await t.zones.tenantsIn(zone, at);
        for (let i = 0; i < tenants.length; i += CLAIM_CHUNK) {
          const claimed = await claim(t.db, cron, at, tenants.slice(i, i + CLAIM_CHUNK));
          for (const c of claimed) await handOff(t, cron.job, c.tenant_id, c.id);
        }
        t.seen.add(key);
      }
  }
  await sweep(t);
}

async function claim(db: Db, cron: CronDefinition, at: Date, tenantIds: string[]) {
  if (tenantIds.length === 0) return [];
  const occurrence = at.toISOString();
  return rows<{ tenant_id: string; id: string }>(
    db,
    sql`with claimed as (
          insert into cron_runs (tenant_id, cron_name, occurrence, job_id)
          select t, ${cron.name}, ${occurrence}::timestamptz, gen_random_uuid()
          from unnest(${`{${tenantIds.join(',')}}`}::uuid[]) t
          on conflict do nothing
          returning tenant_id, job_id)
        insert into job_runs (tenant_id, id, name, data, cron_name, occurrence)
        select tenant_id, job_id, ${cron.job}, jsonb_build_object('occurrence', ${occurrence}::text),
               ${cron.name}, ${occurrence}::timestamptz
        from claimed
        returning tenant_id, id`,
  );
}

async function handOff(t: TickInput, name: string, tenantId: string, id: string): Promise<void> {
  try {
    await t.send(name, tenantId, id);
  } catch (err) {
    t.logger.warn({ job: name, run: id, err: String(err) }, 'run not queued yet; the sweep queues it');
  }
}

async function sweep(t: TickInput): Promise<void> {
  const stale = await rows<{ tenant_id: string; id: string; name: string }>(
    t.db,
    sql`select tenant_id, id, name from job_runs
        where state = 'queued' and created_at < now() - make_interval(secs => ${SWEEP_AFTER_SECONDS})
        order by created_at limit 500`,
  );
  for (const r of stale) if (t.declared(r.name)) await handOff(t, r.name, r.tenant_id, r.id);
}
