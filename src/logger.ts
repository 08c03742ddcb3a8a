import pino from 'pino';

/**
 * Structured logs without secrets or personal data: auth headers and cookies are redacted, and request
 * URLs are logged without their query string (search terms are names and phone numbers).
 */
export function createLogger(level: string, destination?: pino.DestinationStream) {
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
    destination as pino.DestinationStream,
  );
}
