import type { FastifyInstance } from 'fastify';
import { type FieldError, fieldError, Invalid } from '../core/errors.ts';

/**
 * Text PostgreSQL cannot store, refused at the edge for every route, whatever its schema: a NUL character (the
 * database answers 22021, and half a request may already be written) and lone UTF-16 surrogates (stored silently
 * as U+FFFD, so what was saved is not what was sent).
 */
// With the u flag a paired surrogate is one code point; only a lone half is of category Cs.
const LONE_SURROGATE = /\p{Cs}/u;

export function badText(value: unknown, path: string, out: FieldError[], depth = 0): void {
  if (out.length >= 20 || depth > 32) return;
  if (typeof value === 'string') {
    if (value.includes('\u0000')) out.push(fieldError(path, 'nul_character'));
    else if (LONE_SURROGATE.test(value)) out.push(fieldError(path, 'lone_surrogate'));
  } else if (Array.isArray(value)) {
    for (const [i, v] of value.entries()) badText(v, `${path}.${i}`, out, depth + 1);
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      badText(k, `${path}.${k}`, out, depth + 1);
      badText(v, `${path}.${k}`, out, depth + 1);
    }
  }
}

export function installTextGuard(app: FastifyInstance): void {
  app.addHook('preValidation', (request, _reply, done) => {
    const errors: FieldError[] = [];
    if (request.query && typeof request.query === 'object') badText(request.query, 'query', errors);
    if (request.body !== undefined) badText(request.body, 'body', errors);
    if (request.params && typeof request.params === 'object') badText(request.params, 'params', errors);
    done(errors.length ? new Invalid(errors) : undefined);
  });
}
