import { get, qs } from './client.ts';

/** The customer list's first page with no search text and no filters: what the list asks for on opening. */
export const CUSTOMERS_FIRST_PAGE = `/customers${qs({ limit: 30 })}`;

/**
 * A request started before the page that needs it has loaded: opening the customer list used to wait for its code
 * chunk and its first render (~150 ms at 1366 px) before it even asked for the first page. The route starts the
 * request while the chunk loads; the page takes the answer if it asks for exactly that path within a few seconds.
 */
let early: { path: string; at: number; answer: Promise<unknown> } | undefined;

export function fetchEarly(path: string): void {
  const answer = get(path);
  answer.catch(() => {}); // the page asks again, and shows the error then
  early = { path, at: Date.now(), answer };
}

export function takeEarly<T>(path: string): Promise<T> | undefined {
  const e = early;
  if (!e || e.path !== path || Date.now() - e.at > 5_000) return undefined;
  early = undefined;
  return e.answer as Promise<T>;
}
