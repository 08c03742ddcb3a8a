import type { Db } from '../../db/client.ts';
import { getRun, type RunView, TERMINAL, viewOf } from './runs.ts';

/** One progress line as the CLI prints it: what GET /api/v1/jobs/:id says, in words. */
export function progressLine(r: RunView): string {
  const of = r.total === null ? `${r.done}` : `${r.done}/${r.total}`;
  const pct = r.total ? ` (${Math.floor((100 * r.done) / r.total)}%)` : '';
  const rate = r.rate === null ? '' : `, ${r.rate}/s`;
  const eta = r.eta === null ? '' : `, about ${r.eta} s left`;
  const errors = r.errors.count > 0 ? `, ${r.errors.count} errors` : '';
  return `${r.name}: ${r.state} ${of}${pct}${rate}${eta}${errors}`;
}

/**
 * Follows a run until it ends, whichever process runs it, printing its progress: on a terminal one line
 * rewritten in place, elsewhere (a log, CI) a line when it changes and at most every 2 s. Returns the end.
 */
export async function followRun(
  db: Db,
  tenantId: string,
  id: string,
  out: { write(s: string): unknown; isTTY?: boolean },
  everyMs = 250,
): Promise<RunView> {
  let shown = '';
  let shownAt = 0;
  for (;;) {
    const row = await getRun(db, tenantId, id);
    if (!row) throw new Error(`run ${id} does not exist`);
    const view = viewOf(row);
    const line = progressLine(view);
    const end = TERMINAL.has(view.state);
    if (line !== shown && (out.isTTY || end || Date.now() - shownAt >= 2000)) {
      out.write(out.isTTY ? `\r\x1b[2K${line}${end ? '\n' : ''}` : `${line}\n`);
      shown = line;
      shownAt = Date.now();
    }
    if (end) return view;
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
