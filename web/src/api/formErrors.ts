import { type FormInstance, message } from 'antd';
import { ApiError } from './client.ts';

type FieldName = (string | number)[];

/** An API field path as a form field name: `body.lines.0.quantity` → `['lines', 0, 'quantity']` (Form.List too). */
export function fieldName(path: string): FieldName {
  return path
    .replace(/^body\./, '')
    .split('.')
    .map((p) => (/^\d+$/.test(p) ? Number(p) : p));
}

/**
 * Shows a failed save the one way the app does: each 422 message next to its input (`toField` maps API paths onto
 * a form whose fields are named differently), and anything no input shows as a toast, so no error is ever silent.
 */
export function showSaveError(e: unknown, form?: FormInstance, toField: (path: string) => FieldName = fieldName) {
  if (!(e instanceof ApiError) || e.errors.length === 0 || !form) {
    message.error((e as Error).message);
    return;
  }
  const placed = e.errors.map((x) => ({ name: toField(x.path), errors: [x.message] }));
  form.setFields(placed as never);
  const unplaced = placed.filter((x) => form.getFieldInstance(x.name as never) === undefined);
  if (unplaced.length) message.error(unplaced.map((x) => `${x.name.join('.')}: ${x.errors[0]}`).join('; '));
}
