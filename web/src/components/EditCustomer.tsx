import { Form } from 'antd';
import { useState } from 'react';
import { patch } from '../api/client.ts';
import { showSaveError } from '../api/formErrors.ts';
import type { Customer } from '../api/types.ts';
import { useFieldDefs } from '../hooks.ts';
import { CustomerFields, type CustomerFormValues, customerField, toBody } from './CustomerForm.tsx';
import { SaveDialog } from './SaveDialog.tsx';

/** Editing a customer file, with the API's field messages next to the fields. */
export function EditCustomer({
  customer: c,
  onClose,
  onSaved,
}: {
  customer: Customer;
  onClose: () => void;
  onSaved: () => Promise<unknown>;
}) {
  const [form] = Form.useForm<CustomerFormValues>();
  const [busy, setBusy] = useState(false);
  const defs = useFieldDefs();
  const phone = c.channels.find((x) => x.kind === 'phone' && x.label !== 'fax');
  const initial: CustomerFormValues = {
    kind: c.kind,
    name: c.kind === 'organization' ? c.name : undefined,
    familyName: c.familyName ?? undefined,
    givenName: c.givenName ?? undefined,
    reading: c.reading ?? undefined,
    gender: c.gender ?? undefined,
    birthday: c.birthday ?? undefined,
    grade: c.grade ?? undefined,
    source: c.source ?? undefined,
    stage: c.stage ?? undefined,
    phone: phone?.value,
    fax: c.channels.find((x) => x.label === 'fax')?.value,
    email: c.channels.find((x) => x.kind === 'email')?.value,
    province: c.addresses[0]?.province ?? undefined,
    city: c.addresses[0]?.city ?? undefined,
    district: c.addresses[0]?.district ?? undefined,
    postalCode: c.addresses[0]?.postalCode ?? undefined,
    street: c.addresses[0]?.street ?? undefined,
    taxId: c.taxId ?? undefined,
    notes: c.notes ?? undefined,
    custom: c.custom,
  };
  return (
    <SaveDialog title={c.name} busy={busy} onCancel={onClose} onOk={() => form.submit()} width={680}>
      <Form
        form={form}
        layout="vertical"
        initialValues={initial}
        onFinish={async (v) => {
          setBusy(true);
          try {
            const { kind: _k, ...body } = toBody(v, defs.data?.data ?? []);
            await patch(`/customers/${c.id}`, body);
            await onSaved();
            onClose();
          } catch (e) {
            showSaveError(e, form, customerField);
          } finally {
            setBusy(false);
          }
        }}
      >
        <CustomerFields form={form} checkDuplicates excludeId={c.id} />
      </Form>
    </SaveDialog>
  );
}
