/**
 * What a failed database call means for the caller, decided once for both drivers. Drizzle wraps driver errors in
 * DrizzleQueryError (SQLSTATE on `.cause.code`), node-postgres reports lost sockets with errno codes or bare
 * messages, PGlite throws its own error objects with `code`: walk the cause chain and classify by SQLSTATE class.
 */
export type DbFailure =
  /** The database is away (connection lost, refused, not accepting connections, too many clients): 503. */
  | 'unavailable'
  /** Transient contention (deadlock, serialization, lock or statement timeout): 503, the client retries. */
  | 'busy'
  /** A value PostgreSQL cannot store or compare (class 22: NUL, out-of-range date, overflow, bad text): 422. */
  | 'invalid'
  /** A unique key already taken: 409. */
  | 'conflict'
  /** A reference to a row that does not exist, or a NOT NULL / CHECK refused: 422. */
  | 'reference';

export interface DbErrorInfo {
  failure: DbFailure | null;
  sqlstate?: string;
  /** The driver's own message (never the query's parameters). */
  message?: string;
  constraint?: string;
}

const NET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTFOUND']);
const LOST =
  /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Cannot use a pool after calling end|Client was closed/;

export class DatabaseUnavailable extends Error {
  constructor(cause: unknown) {
    super(`database unavailable: ${cause instanceof Error ? cause.message : String(cause)}`);
  }
}

function failureOf(code: string): DbFailure | null {
  if (NET_CODES.has(code)) return 'unavailable';
  if (!/^[0-9A-Z]{5}$/.test(code)) return null;
  const cls = code.slice(0, 2);
  if (cls === '08' || cls === '53' || cls === '57' || code === '55000' || code === '3D000') return 'unavailable';
  if (cls === '40' || code === '55P03' || code === '57014') return 'busy';
  if (cls === '22' || code === '54000') return 'invalid';
  if (code === '23505') return 'conflict';
  if (cls === '23') return 'reference';
  return null;
}

export function classifyDbError(err: unknown): DbErrorInfo {
  for (let e = err as Record<string, unknown> | undefined, depth = 0; e && depth < 5; depth++) {
    if (e instanceof DatabaseUnavailable) return { failure: 'unavailable', message: e.message };
    const code = typeof e.code === 'string' ? e.code : '';
    const failure = code ? failureOf(code) : null;
    const message = typeof e.message === 'string' ? e.message : undefined;
    // 57014 (query_canceled) is class 57 but is a timeout of ours, not the server going away.
    if (failure) {
      const f = code === '57014' ? 'busy' : failure;
      return { failure: f, sqlstate: code, message, constraint: e.constraint as string | undefined };
    }
    if (message && LOST.test(message) && !message.startsWith('Failed query'))
      return { failure: 'unavailable', message };
    e = e.cause as Record<string, unknown> | undefined;
  }
  return { failure: null };
}

/** The SQLSTATE and driver message of a failure, for logs: the query's parameters (personal data) stay out. */
export function describeDbError(err: unknown): Record<string, unknown> | undefined {
  for (let e = err as Record<string, unknown> | undefined, depth = 0; e && depth < 5; depth++) {
    if (typeof e.code === 'string' && /^[0-9A-Z]{5}$/.test(e.code))
      return {
        sqlstate: e.code,
        message: e.message,
        constraint: e.constraint,
        table: e.table,
        routine: e.routine,
      };
    e = e.cause as Record<string, unknown> | undefined;
  }
  return undefined;
}
