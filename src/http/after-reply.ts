import type { FastifyBaseLogger } from 'fastify';

const pending = new Set<Promise<void>>();

/**
 * Work that must not delay (or, by its duration, reveal anything through) the answer: it starts on the next turn
 * of the event loop and its failure is logged, never thrown at a request that has already been answered.
 */
export function afterReply(log: FastifyBaseLogger, work: () => Promise<void>): void {
  const p: Promise<void> = new Promise<void>((resolve) => setImmediate(resolve))
    .then(work)
    .catch((err: unknown) => log.error({ err: { message: (err as Error)?.message } }, 'work after the answer failed'))
    .finally(() => pending.delete(p));
  pending.add(p);
}

/** Waits for every piece of after-reply work started so far (tests; a graceful stop). */
export async function settleAfterReply(): Promise<void> {
  while (pending.size) await Promise.all([...pending]);
}
