import { Form, Input, InputNumber, Select } from 'antd';
import type { CustomField } from '../api/types.ts';

/** One input per active custom field of the business, kept under `custom.<key>` in the customer form. */
export function CustomFieldInputs({ defs }: { defs: CustomField[] }) {
  const active = defs.filter((d) => !d.archived);
  if (active.length === 0) return null;
  return (
    <div style={{ display: 'flex', gap: 8, flexWrap: 'wrap' }}>
      {active.map((d) => (
        <Form.Item
          key={d.key}
          name={['custom', d.key]}
          label={d.label}
          rules={d.required ? [{ required: true }] : undefined}
          style={{ flex: d.type === 'text' || d.type === 'multiselect' ? '2 1 240px' : '1 1 160px' }}
        >
          {inputFor(d)}
        </Form.Item>
      ))}
    </div>
  );
}

function inputFor(d: CustomField) {
  const options = d.options.map((o) => ({ value: o, label: o }));
  switch (d.type) {
    case 'number':
      return <InputNumber style={{ width: '100%' }} />;
    case 'date':
      // The browser's own date picker, in the user's locale, on phones too; its value is already YYYY-MM-DD.
      return <Input type="date" />;
    case 'select':
      return <Select allowClear options={options} />;
    case 'multiselect':
      return <Select mode="multiple" allowClear options={options} />;
    default:
      return <Input maxLength={2000} />;
  }
}

/** The form's custom values → the API's `custom`: every active field, an emptied one as null (clears it). */
export function customBody(values: Record<string, unknown> | undefined, defs: CustomField[]) {
  const out: Record<string, unknown> = {};
  for (const d of defs) {
    if (d.archived) continue;
    const v = values?.[d.key];
    out[d.key] = v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0) ? null : v;
  }
  return out;
}

/** A customer's stored custom values as [label, text] for the file and the printed card (archived fields too). */
export function customRows(values: Record<string, unknown>, defs: CustomField[]): [label: string, text: string][] {
  const labels = new Map(defs.map((d) => [d.key, d.label]));
  return Object.entries(values).map(([key, v]) => [
    labels.get(key) ?? key,
    v === null || v === '' ? '—' : Array.isArray(v) ? v.join('、') : String(v),
  ]);
}
