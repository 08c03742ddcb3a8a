import type { FastifyError, FastifyInstance, FastifyReply } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { isConnectionError } from '../db/client.ts';
import { DomainError, type FieldError } from './errors.ts';

// Loose: some problems carry extra members (e.g. `existing` on a duplicate, `tenants` on an ambiguous login).
export const problemSchema = z.looseObject({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  code: z.string(),
  detail: z.string(),
  errors: z.array(z.object({ path: z.string(), message: z.string() })),
  instance: z.string().optional(),
});
export type Problem = z.infer<typeof problemSchema>;

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

export function sendProblem(
  reply: FastifyReply,
  status: number,
  code: string,
  detail: string,
  errors: FieldError[] = [],
  extra: Record<string, unknown> = {},
): FastifyReply {
  return reply
    .code(status)
    .type('application/problem+json')
    .send({
      type: `https://granary.dev/problems/${code}`,
      title: TITLES[status] ?? 'Error',
      status,
      code,
      detail,
      errors,
      instance: reply.request.id,
      ...extra,
    });
}

function pathOf(p: readonly PropertyKey[]): string {
  return p.map(String).join('.');
}

/** One error handler for the whole API: every failure leaves as problem+json, bad input never as 5xx. */
export function installProblemHandlers(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError, request, reply) => {
    if (err instanceof DomainError) return sendProblem(reply, err.status, err.code, err.message, err.errors, err.extra);
    if (hasZodFastifySchemaValidationErrors(err)) {
      const where = err.validationContext ?? 'body';
      const errors = err.validation.map((v) => {
        const path = [where, ...v.instancePath.split('/').filter(Boolean)];
        const keys = (v.params as { keys?: string[] }).keys;
        if (v.keyword === 'unrecognized_keys' && keys?.length)
          return { path: pathOf([...path, keys[0]]), message: `unknown field "${keys.join('", "')}"` };
        return { path: pathOf(path), message: v.message ?? 'invalid' };
      });
      const status = where === 'params' ? 404 : 422;
      if (status === 404)
        return sendProblem(reply, 404, 'not_found', 'No such resource: the id in the path is not valid.', errors);
      return sendProblem(reply, 422, 'validation_failed', 'Some fields are invalid.', errors);
    }
    if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE')
      return sendProblem(reply, 413, 'body_too_large', 'The request body is larger than the server accepts.');
    if (err.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE')
      return sendProblem(reply, 415, 'unsupported_media_type', 'Send the body as application/json.');
    if (err.code === 'FST_ERR_CTP_EMPTY_JSON_BODY')
      return sendProblem(reply, 400, 'empty_body', 'The body is empty but the content type says JSON.');
    if (err.statusCode === 429)
      return sendProblem(reply, 429, 'rate_limited', 'Too many attempts. Wait a moment and try again.');
    if (err instanceof SyntaxError || err.code === 'FST_ERR_CTP_INVALID_JSON_BODY')
      return sendProblem(reply, 400, 'malformed_json', 'The body is not valid JSON.');
    if (isConnectionError(err)) {
      request.log.error({ err: { message: err.message, code: err.code } }, 'database unavailable');
      reply.header('retry-after', '5');
      return sendProblem(
        reply,
        503,
        'database_unavailable',
        'The database is not reachable right now. Try again shortly.',
      );
    }
    const pgCode = (err as { code?: string }).code;
    if (pgCode === '22P02' || pgCode === '22007' || pgCode === '22008')
      return sendProblem(reply, 422, 'invalid_value', 'A value has the wrong format.');
    if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500)
      return sendProblem(reply, err.statusCode, 'bad_request', err.message);
    request.log.error({ err }, 'unhandled error');
    return sendProblem(reply, 500, 'internal_error', 'Something went wrong on our side. It has been logged.');
  });
  app.setNotFoundHandler((request, reply) =>
    sendProblem(reply, 404, 'not_found', `No route ${request.method} ${request.url.split('?')[0]}.`),
  );
}
