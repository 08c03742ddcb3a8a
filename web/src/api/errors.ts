import i18n from '../i18n/index.ts';
import { ApiError, type FieldError } from './client.ts';

/**
 * Server errors in the user's language. The API answers problem+json with a stable `code` (and `errors: [{path,
 * message, code}]`); its English `detail` is for logs and scripts, never shown: each code has a message in
 * i18n `errors.<code>` (field reasons in `fieldErrors.<code>`), and an unknown code falls back to what its HTTP
 * status means, so no screen ever shows English to a Chinese or Japanese user.
 */
const BY_STATUS: Record<number, string> = {
  0: 'network',
  400: 'bad_request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  409: 'conflict',
  413: 'body_too_large',
  422: 'validation_failed',
  429: 'rate_limited',
  503: 'database_unavailable',
};

const t = (key: string, options?: Record<string, unknown>) => i18n.t(key, options ?? {}) as string;

/** The last named segment of an API path, as an i18n field label: `body.lines.0.quantity` → 数量. */
export function fieldLabel(path: string): string {
  const name = path
    .split('.')
    .filter((p) => p !== 'body' && p !== 'query' && p !== 'params' && !/^\d+$/.test(p))
    .pop();
  return name && i18n.exists(`fields.${name}`) ? t(`fields.${name}`) : t('fields.unknown');
}

/** One field's reason, translated (without the field's name: it shows under its input). */
export function fieldErrorText(e: FieldError): string {
  if (e.code && i18n.exists(`fieldErrors.${e.code}`)) return t(`fieldErrors.${e.code}`, e.params);
  return t('fieldErrors.invalid');
}

/** A whole failure as one sentence for a toast or an alert, naming the fields it concerns. */
export function errorText(e: unknown): string {
  if (!(e instanceof ApiError)) {
    if (e instanceof TypeError) return t('errors.network');
    return t('errors.unknown');
  }
  const entity = typeof e.body.entity === 'string' ? `entities.${e.body.entity.replace(/\s+/g, '_')}` : '';
  if (e.code === 'not_found' && entity && i18n.exists(entity))
    return t('errors.not_found_entity', { entity: t(entity) });
  const existing = e.body.existing as { name?: string; ownerName?: string | null; matchedOn?: string } | undefined;
  if (e.code === 'duplicate' && existing?.name)
    return t('errors.duplicate_named', {
      field: fieldLabel(existing.matchedOn === 'tax_id' ? 'taxId' : (existing.matchedOn ?? 'unknown')),
      name: existing.name,
      owner: existing.ownerName ?? t('customer.unowned'),
    });
  const code = i18n.exists(`errors.${e.code}`) ? e.code : BY_STATUS[e.status];
  const text = code ? t(`errors.${code}`) : t('errors.unknown');
  // A refusal about fields ("some fields need a look") says which, in the user's words.
  if (e.errors.length && code === 'validation_failed')
    return t('errors.withFields', {
      message: text,
      fields: e.errors.map(fieldWithReason).join(t('errors.listSeparator')),
    });
  return text;
}

/** "Phone: not a valid phone number" — for a field error that no input on screen shows. */
export const fieldWithReason = (e: FieldError) =>
  t('errors.fieldWithReason', { field: fieldLabel(e.path), reason: fieldErrorText(e) });

export const isNetworkError = (e: unknown) => (e instanceof ApiError && e.status === 0) || e instanceof TypeError;
