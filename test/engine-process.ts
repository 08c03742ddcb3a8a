/**
 * One app process's job engine for src/core/jobs/processes.test.ts: a per-minute schedule and a job that marks
 * each execution in `engine_marks` (created by the test). A run with `{ hangOnce: true }` hangs on its first
 * attempt, so the test can kill the process holding it; the first delivery of a `proc.said` event hangs too
 * (test/engine-hearing.ts).
 */
import { sql } from 'drizzle-orm';
import pino from 'pino';
import { subscribeDurable } from '../src/core/events.ts';
import { Engine } from '../src/core/jobs/engine.ts';
import { openDatabase } from '../src/db/client.ts';
import { tenantZones } from '../src/modules/tenants/service.ts';
import { hearing } from './engine-hearing.ts';

const database = await openDatabase({ databaseUrl: process.env.DATABASE_URL, poolSize: 4 });
const engine = new Engine({
  database,
  logger: pino({ level: 'warn' }, process.stderr),
  jobs: [
    {
      name: 'proc.mark',
      retryDelaySeconds: 1,
      leaseSeconds: 3,
      run: async (job) => {
        await database.db.execute(
          sql`insert into engine_marks (run_id, pid, attempt) values (${job.id}, ${process.pid}, ${job.attempt})`,
        );
        if (job.data.hangOnce && job.attempt === 1) await new Promise(() => {});
      },
    },
  ],
  crons: [{ name: 'proc.minutely', cron: '* * * * *', job: 'proc.mark' }],
  zones: tenantZones(database.db),
  tickSeconds: 1,
  maintenanceSeconds: 1,
  pollSeconds: 0.5,
  outboxLeaseSeconds: 3,
});
subscribeDurable(hearing);
await engine.start();
process.stdout.write('ready\n');
process.on('SIGTERM', () => {
  void engine.stop().then(() => database.close().then(() => process.exit(0)));
});
