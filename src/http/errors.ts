/** Typed domain errors; src/http/problem.ts maps them to RFC 9457 problem+json in one place. */
export interface FieldError {
  path: string;
  message: string;
}

export class DomainError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly errors: FieldError[] = [],
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

export class NotFound extends DomainError {
  constructor(entity = 'resource') {
    super(404, 'not_found', `The ${entity} does not exist or is not visible to you.`);
  }
}

export class Forbidden extends DomainError {
  constructor(message = 'You are not allowed to do this.') {
    super(403, 'forbidden', message);
  }
}

export class Unauthorized extends DomainError {
  constructor(message = 'Sign in first.', code = 'unauthorized') {
    super(401, code, message);
  }
}

export class Conflict extends DomainError {
  constructor(code: string, message: string, extra: Record<string, unknown> = {}, errors: FieldError[] = []) {
    super(409, code, message, errors, extra);
  }
}

export class Invalid extends DomainError {
  constructor(errors: FieldError[], message = 'Some fields are invalid.', code = 'validation_failed') {
    super(422, code, message, errors);
  }
}

/** Shortcut for a single-field 422. */
export const invalidField = (path: string, message: string, code?: string) =>
  new Invalid([{ path, message }], message, code);
