/** Typed domain errors; src/http/problem.ts maps them to RFC 9457 problem+json in one place. */
import {
  FIELD_CODES,
  type FieldCode,
  type FieldParams,
  fieldMessage,
  PROBLEM_CODES,
  type ProblemCode,
} from './error-codes.ts';

/** One invalid field: where (`body.channels.0.value`), a code of the catalogue, its params and English text. */
export interface FieldError {
  path: string;
  code: FieldCode;
  message: string;
  params?: FieldParams;
}

export function fieldError(path: string, code: FieldCode, params?: FieldParams): FieldError {
  return params
    ? { path, code, message: fieldMessage(code, params), params }
    : { path, code, message: FIELD_CODES[code] };
}

export class DomainError extends Error {
  constructor(
    readonly status: number,
    readonly code: ProblemCode,
    message: string = PROBLEM_CODES[code],
    readonly errors: FieldError[] = [],
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

export class NotFound extends DomainError {
  constructor(entity = 'resource') {
    super(404, 'not_found', `The ${entity} does not exist or is not visible to you.`, [], { entity });
  }
}

export class Forbidden extends DomainError {
  constructor(message = 'You are not allowed to do this.') {
    super(403, 'forbidden', message);
  }
}

export class Unauthorized extends DomainError {
  constructor(message = 'Sign in first.', code: ProblemCode = 'unauthorized') {
    super(401, code, message);
  }
}

export class Conflict extends DomainError {
  constructor(code: ProblemCode, message: string, extra: Record<string, unknown> = {}, errors: FieldError[] = []) {
    super(409, code, message, errors, extra);
  }
}

export class Invalid extends DomainError {
  constructor(errors: FieldError[], message = 'Some fields are invalid.', code: ProblemCode = 'validation_failed') {
    super(422, code, message, errors);
  }
}

/** Shortcut for a single-field 422. */
export const invalidField = (path: string, code: FieldCode, params?: FieldParams) =>
  new Invalid([fieldError(path, code, params)], `${path.split('.').pop()} ${fieldMessage(code, params)}`);
