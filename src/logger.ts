import pino from 'pino';

/**
 * Structured logs without secrets or personal data: auth headers and cookies are redacted, and request
 * URLs are logged without their query string (search terms are names and phone numbers).
 * `pretty` writes each entry as one short line on stderr for a person at a terminal (see loadConfig); `json` is
 * pino's one object per line on stdout, for a service's log collector.
 */
export function createLogger(level: string, destination?: pino.DestinationStream, format: 'json' | 'pretty' = 'json') {
  return pino(
    {
      level,
      redact: { paths: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]'], remove: true },
      serializers: {
        req: (req: { method: string; url: string; id: string }) => ({
          id: req.id,
          method: req.method,
          path: req.url.split('?')[0],
        }),
        res: (res: { statusCode: number }) => ({ status: res.statusCode }),
      },
    },
    destination ?? (format === 'pretty' ? prettyStream(process.stderr) : undefined),
  );
}

const LEVELS: Record<number, string> = {
  10: 'trace',
  20: 'debug',
  30: 'info',
  40: 'warning',
  50: 'error',
  60: 'fatal',
};

/** One line per entry: time, level, message, the request it concerns; an error's stack indented below. */
export function prettyStream(out: { write(s: string): unknown }): pino.DestinationStream {
  return {
    write(line: string) {
      let e: Record<string, unknown>;
      try {
        e = JSON.parse(line);
      } catch {
        out.write(line);
        return;
      }
      const time = new Date(Number(e.time)).toTimeString().slice(0, 8);
      const req = e.req as { method?: string; path?: string } | undefined;
      const err = e.err as { type?: string; message?: string; stack?: string } | undefined;
      const where = req?.method ? ` (${req.method} ${req.path})` : '';
      const detail = err ? `\n  ${(err.stack ?? `${err.type ?? 'Error'}: ${err.message}`).replace(/\n/g, '\n  ')}` : '';
      out.write(`${time} ${LEVELS[Number(e.level)] ?? e.level}: ${e.msg ?? ''}${where}${detail}\n`);
    },
  };
}
