/**
 * The one catalogue of error codes. Every problem+json answer carries a `code` from PROBLEM_CODES and every field
 * error one from FIELD_CODES; the English text here is the API's `detail`/`message`, and the web app shows its own
 * zh-CN / ja / en text for each code (web/src/i18n, checked against this list by a test). Adding a code means
 * adding it here first: DomainError and fieldError only accept codes of this file, so the compiler keeps the
 * catalogue complete.
 */
export const PROBLEM_CODES = {
  // request shape
  malformed_json: 'The body is not valid JSON.',
  empty_body: 'The body is empty but the content type says JSON.',
  body_too_large: 'The request body is larger than the server accepts.',
  unsupported_media_type: 'Send the body as application/json.',
  validation_failed: 'Some fields are invalid.',
  invalid_value: 'A value has the wrong format or is out of range.',
  bad_request: 'The request is not valid.',
  // who you are
  unauthorized: 'Sign in first.',
  invalid_credentials: 'Wrong email or password.',
  invalid_token: 'The API token or link is unknown, revoked, used or expired.',
  csrf_failed: 'Missing or wrong x-csrf-token header. Reload the page and try again.',
  forbidden: 'You are not allowed to do this.',
  rate_limited: 'Too many attempts. Wait a moment and try again.',
  tenant_required: 'This email belongs to several businesses; choose one.',
  wrong_password: 'The current password is wrong.',
  // what you asked for
  not_found: 'It does not exist or is not visible to you.',
  conflict: 'This conflicts with data that already exists.',
  duplicate: 'A customer with this phone or email already exists.',
  email_taken: 'A user with this email already exists.',
  code_taken: 'This code already exists.',
  key_taken: 'A custom field with this key already exists.',
  last_owner: 'A business must keep at least one active owner.',
  already_set_up: 'Granary is already set up. Sign in instead.',
  already_undone: 'This merge has already been undone.',
  already_linked: 'This person is already a contact of this organization.',
  job_not_dead: 'Only a run that failed for good can be retried now.',
  job_finished: 'This run has already finished.',
  // the server's side
  database_unavailable: 'The database is not reachable right now. Try again shortly.',
  busy: 'The server is busy. Try again shortly.',
  internal_error: 'Something went wrong on our side. It has been logged.',
} as const;
export type ProblemCode = keyof typeof PROBLEM_CODES;

/** Field messages read after the field's name ("phone is not a valid phone number"); {name} are params. */
export const FIELD_CODES = {
  // generic (also zod's issue codes, as the validator reports them)
  invalid: 'is invalid',
  required: 'is required',
  invalid_type: 'has the wrong type',
  too_small: 'is too small or too short',
  too_big: 'is too large or too long',
  invalid_format: 'has the wrong format',
  invalid_value: 'is not one of the allowed values',
  invalid_union: 'does not match any allowed form',
  invalid_key: 'has an invalid key',
  invalid_element: 'has an invalid element',
  not_multiple_of: 'is not a multiple of the allowed step',
  unknown_field: 'is not a field of this request',
  nul_character: 'contains a NUL character',
  lone_surrogate: 'contains an invalid Unicode character (a lone surrogate)',
  out_of_range: 'is out of range',
  invalid_cursor: 'is not a cursor this server gave out',
  taken: 'is already in use',
  // people and records of this business
  unknown_user: 'is not an active user of this business',
  unknown_unit: 'is not a team or department of this business',
  unit_cycle: 'cannot be placed under itself or its own sub-units',
  unknown_customer: 'is not a customer you can see',
  unknown_person: 'is not a person of this business you can see',
  not_a_contact: 'is not a contact of this customer',
  not_a_person: 'must be a person',
  not_an_organization: 'contacts can only be added to an organization',
  person_required: 'give an existing person or a new one',
  referral_cycle: 'would make a referral cycle',
  assignee_out_of_scope: 'is a user you may not give tasks to',
  // customers
  invalid_phone: 'is not a valid phone number (default region {region})',
  invalid_email: 'is not a valid email address',
  unknown_choice: 'is not one of this business’s choices: {allowed}',
  unknown_custom_field: 'is not a custom field of this business',
  birthday_format: 'must be YYYY-MM-DD, or --MM-DD when the year is unknown',
  not_a_date: 'is not a real date',
  in_future: 'cannot be in the future',
  too_old: 'is too far in the past',
  must_be_text: 'must be text',
  text_too_long: 'must be at most {max} characters',
  must_be_number: 'must be a number',
  must_be_date: 'must be a date YYYY-MM-DD',
  not_an_option: 'must be one of: {allowed}',
  not_options: 'must be a list of: {allowed}',
  merge_self: 'cannot merge a customer into itself',
  merge_kinds: 'a person and an organization cannot be merged',
  not_pickable: 'cannot be picked',
  // orders
  wrong_currency: 'must be the business currency {currency}',
  unknown_product: 'is not a product of this business',
  required_without_product: 'is required without a product',
  must_be_positive: 'must be positive (record returns from the original order)',
  discount_too_large: 'is larger than the line',
  amount_too_large: 'makes the amount too large',
  unknown_order_line: 'is not a line of this order',
  return_quantity: 'must be between 1 and {max}',
  not_a_sale: 'only a sale can be returned',
  // sign-in
  wrong_password: 'is not your current password',
  link_invalid: 'is unknown, used or expired',
} as const;
export type FieldCode = keyof typeof FIELD_CODES;

export type FieldParams = Record<string, string | number>;

export function fieldMessage(code: FieldCode, params: FieldParams = {}): string {
  return FIELD_CODES[code].replace(/\{(\w+)\}/g, (_, k: string) => String(params[k] ?? ''));
}

export function isFieldCode(code: string): code is FieldCode {
  return Object.hasOwn(FIELD_CODES, code);
}
