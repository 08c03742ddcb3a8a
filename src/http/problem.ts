import type { FastifyError, FastifyInstance, FastifyReply, FastifySchemaValidationError } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { type FieldCode, isFieldCode, PROBLEM_CODES, type ProblemCode } from '../core/error-codes.ts';
import { DomainError, type FieldError } from '../core/errors.ts';
import { classifyDbError, describeDbError } from '../db/errors.ts';

// Loose: some problems carry extra members (e.g. `existing` on a duplicate, `tenants` on an ambiguous login).
export const problemSchema = z.looseObject({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  code: z.string(),
  detail: z.string(),
  errors: z.array(
    z.object({
      path: z.string(),
      code: z.string(),
      message: z.string(),
      params: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
    }),
  ),
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
  code: ProblemCode,
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

/** A zod issue as the validator reports it, turned into a catalogued field error. */
function zodFieldError(where: string, v: FastifySchemaValidationError): FieldError {
  const path = [where, ...v.instancePath.split('/').filter(Boolean)];
  const p = v.params as Record<string, unknown>;
  const keys = p.keys as string[] | undefined;
  if (v.keyword === 'unrecognized_keys' && keys?.length)
    return { path: pathOf([...path, keys[0]]), code: 'unknown_field', message: `unknown field "${keys.join('", "')}"` };
  const own = (p.params as { code?: string } | undefined)?.code;
  const code: FieldCode = own && isFieldCode(own) ? own : isFieldCode(v.keyword) ? v.keyword : 'invalid';
  const params: Record<string, string | number> = {};
  for (const k of ['minimum', 'maximum', 'format', 'expected', 'origin'] as const)
    if (typeof p[k] === 'string' || typeof p[k] === 'number') params[k] = p[k] as string | number;
    else if (typeof p[k] === 'bigint') params[k] = Number(p[k]);
  return {
    path: pathOf(path),
    code,
    message: v.message ?? 'invalid',
    ...(Object.keys(params).length ? { params } : {}),
  };
}

function unavailable(reply: FastifyReply, code: 'database_unavailable' | 'busy'): FastifyReply {
  reply.header('retry-after', code === 'busy' ? '1' : '5');
  return sendProblem(reply, 503, code, PROBLEM_CODES[code]);
}

/** One error handler for the whole API: every failure leaves as problem+json, bad input never as 5xx. */
export function installProblemHandlers(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError, request, reply) => {
    if (err instanceof DomainError) return sendProblem(reply, err.status, err.code, err.message, err.errors, err.extra);
    if (hasZodFastifySchemaValidationErrors(err)) {
      const where = err.validationContext ?? 'body';
      const errors = err.validation.map((v) => zodFieldError(where, v));
      if (where === 'params')
        return sendProblem(reply, 404, 'not_found', 'No such resource: the id in the path is not valid.', errors);
      return sendProblem(reply, 422, 'validation_failed', PROBLEM_CODES.validation_failed, errors);
    }
    if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE')
      return sendProblem(reply, 413, 'body_too_large', PROBLEM_CODES.body_too_large);
    if (err.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE')
      return sendProblem(reply, 415, 'unsupported_media_type', PROBLEM_CODES.unsupported_media_type);
    if (err.code === 'FST_ERR_CTP_EMPTY_JSON_BODY')
      return sendProblem(reply, 400, 'empty_body', PROBLEM_CODES.empty_body);
    if (err.statusCode === 429) return sendProblem(reply, 429, 'rate_limited', PROBLEM_CODES.rate_limited);
    if (err instanceof SyntaxError || err.code === 'FST_ERR_CTP_INVALID_JSON_BODY')
      return sendProblem(reply, 400, 'malformed_json', PROBLEM_CODES.malformed_json);
    const db = classifyDbError(err);
    switch (db.failure) {
      case 'unavailable':
        request.log.warn({ db: describeDbError(err) ?? { message: db.message } }, 'database unavailable');
        return unavailable(reply, 'database_unavailable');
      case 'busy':
        request.log.warn({ db: describeDbError(err) }, 'database busy');
        return unavailable(reply, 'busy');
      case 'invalid':
        return sendProblem(reply, 422, 'invalid_value', PROBLEM_CODES.invalid_value);
      case 'conflict':
        return sendProblem(reply, 409, 'conflict', PROBLEM_CODES.conflict);
      case 'reference':
        return sendProblem(
          reply,
          422,
          'invalid_value',
          'A referenced record does not exist or a required value is missing.',
        );
    }
    if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500)
      return sendProblem(reply, err.statusCode, 'bad_request', err.message);
    // Logged without the error's message when it is a query failure: drizzle puts the parameters there.
    const dbInfo = describeDbError(err);
    request.log.error(
      dbInfo ? { db: dbInfo, stack: err.stack?.split('\n').slice(1, 8).join('\n') } : { err },
      'unhandled error',
    );
    return sendProblem(reply, 500, 'internal_error', PROBLEM_CODES.internal_error);
  });
  app.setNotFoundHandler((request, reply) =>
    sendProblem(reply, 404, 'not_found', `No route ${request.method} ${request.url.split('?')[0]}.`),
  );
}
