import { type FormInstance, message } from 'antd';
import i18n from '../i18n/index.ts';
import { ApiError } from './client.ts';
import { errorText, fieldErrorText, fieldWithReason } from './errors.ts';

type FieldName = (string | number)[];

/** An API field path as a form field name: `body.lines.0.quantity` → `['lines', 0, 'quantity']` (Form.List too). */
export function fieldName(path: string): FieldName {
  return path
    .replace(/^body\./, '')
    .split('.')
    .map((p) => (/^\d+$/.test(p) ? Number(p) : p));
}

/**
 * Shows a failed save the one way the app does: each 422 reason, in the user's language, next to its input
 * (`toField` maps API paths onto a form whose fields are named differently), and anything no input shows as a
 * toast naming its field, so no error is ever silent.
 */
export function showSaveError(e: unknown, form?: FormInstance, toField: (path: string) => FieldName = fieldName) {
  if (!(e instanceof ApiError) || e.errors.length === 0 || !form) {
    message.error(errorText(e));
    return;
  }
  const placed = e.errors.map((x) => ({ name: toField(x.path), errors: [fieldErrorText(x)], error: x }));
  form.setFields(placed.map(({ name, errors }) => ({ name, errors })) as never);
  const unplaced = placed.filter((x) => form.getFieldInstance(x.name as never) === undefined);
  if (unplaced.length)
    message.error(unplaced.map((x) => fieldWithReason(x.error)).join(i18n.t('errors.listSeparator')));
  // A refusal that is not about one field (a duplicate, a conflict) is said too, not only the red inputs.
  else if (e.status === 409) message.error(errorText(e));
}
