import { Button, Card, Form, type FormInstance, type FormProps, Input, Select } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

type Rules = NonNullable<Parameters<typeof Form.Item>[0]['rules']>;

/** The "add one" bar above a list: a small card with an inline form that ends in the Add button. */
export function AddBar(props: {
  form: FormInstance;
  title?: ReactNode;
  initialValues?: FormProps['initialValues'];
  onFinish: FormProps['onFinish'];
  children: ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <Card size="small" title={props.title} style={{ marginBottom: 16 }}>
      <Form form={props.form} layout="inline" initialValues={props.initialValues} onFinish={props.onFinish}>
        {props.children}
        <Button type="primary" htmlType="submit">
          {t('common.add')}
        </Button>
      </Form>
    </Card>
  );
}

/** A text box whose label is its placeholder: inline forms show no labels, screen readers get it as aria-label. */
export function TextItem({
  name,
  label,
  rules,
  password,
}: {
  name: string;
  label: string;
  rules?: Rules;
  password?: boolean;
}) {
  const Box = password ? Input.Password : Input;
  return (
    <Form.Item name={name} rules={rules}>
      <Box placeholder={label} aria-label={label} />
    </Form.Item>
  );
}

/** A choice in an inline form; `clearable` ones show their label until something is chosen. */
export function SelectItem(props: {
  name: string;
  label: string;
  width: number;
  options: { value: string; label: string }[];
  clearable?: boolean;
}) {
  return (
    <Form.Item name={props.name}>
      <Select
        style={{ width: props.width }}
        aria-label={props.label}
        options={props.options}
        allowClear={props.clearable}
        placeholder={props.clearable ? props.label : undefined}
      />
    </Form.Item>
  );
}
