import { Button, Card, Form, type FormInstance, type FormProps, Input, Select } from 'antd';
import { type ReactNode, useId } from 'react';
import { useTranslation } from 'react-i18next';

type Rules = NonNullable<Parameters<typeof Form.Item>[0]['rules']>;

/**
 * The "add one" bar above a list: a small card with a form whose fields wrap side by side, each with its label
 * above it (a placeholder alone vanishes once the field is filled), ending in the Add button.
 */
export function AddBar(props: {
  form: FormInstance;
  title?: ReactNode;
  initialValues?: FormProps['initialValues'];
  onFinish: FormProps['onFinish'];
  submitText?: string;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  // A form name of its own: its inputs' ids (and so their labels) never collide with another form on the page.
  const name = `add${useId().replace(/[^\w]/g, '')}`;
  return (
    <Card size="small" title={props.title} style={{ marginBottom: 16 }}>
      <Form
        name={name}
        form={props.form}
        layout="vertical"
        className="add-bar"
        initialValues={props.initialValues}
        onFinish={props.onFinish}
      >
        {props.children}
        <Form.Item>
          <Button type="primary" htmlType="submit">
            {props.submitText ?? t('common.add')}
          </Button>
        </Form.Item>
      </Form>
    </Card>
  );
}

/** A text box of an add bar, labelled above. */
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
    <Form.Item name={name} label={label} rules={rules}>
      <Box />
    </Form.Item>
  );
}

/** A choice in an add bar, labelled above. */
export function SelectItem(props: {
  name: string;
  label: string;
  width: number;
  options: { value: string; label: string }[];
  clearable?: boolean;
}) {
  return (
    <Form.Item name={props.name} label={props.label}>
      <Select style={{ width: props.width }} options={props.options} allowClear={props.clearable} />
    </Form.Item>
  );
}
