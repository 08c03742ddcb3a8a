import { sql } from 'drizzle-orm';
import type { DurableSubscriber } from '../src/core/events.ts';
import { rows } from '../src/db/client.ts';

/**
 * The durable subscriber of src/core/jobs/processes.test.ts: marks each delivery of a `proc.said` event in
 * `engine_marks` and hangs on the first one, so the test can kill the process delivering it.
 */
export const hearing: DurableSubscriber = {
  name: 'proc.hear',
  types: ['proc.said'],
  handle: async (event, tools) => {
    const [seen] = await rows<{ n: number }>(
      tools.db,
      sql`select count(*)::int as n from engine_marks where run_id = ${event.id}`,
    );
    await tools.db.execute(
      sql`insert into engine_marks (run_id, pid, attempt) values (${event.id}, ${process.pid}, ${seen.n + 1})`,
    );
    if (seen.n === 0) await new Promise(() => {});
  },
};
