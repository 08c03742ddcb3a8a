/** Polls `fn` until it answers something truthy (then returns it), failing with `what` after `ms`. */
export async function until<T>(
  what: string,
  fn: () => Promise<T | undefined | null | false>,
  ms = 15_000,
  everyMs = 50,
): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
