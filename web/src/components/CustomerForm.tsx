import { useQuery } from '@tanstack/react-query';
import { Alert, Form, type FormInstance, Input, Radio, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { get, qs } from '../api/client.ts';
import { fieldName } from '../api/formErrors.ts';
import type { CustomField } from '../api/types.ts';
import { useDebounced, useFieldDefs, usePicklistOptions } from '../hooks.ts';
import { useMe } from '../session.tsx';
import { AddressFields } from './AddressFields.tsx';
import { CustomFieldInputs, customBody } from './CustomFieldInputs.tsx';

export interface CustomerFormValues {
  kind: 'person' | 'organization';
  name?: string;
  familyName?: string;
  givenName?: string;
  reading?: string;
  gender?: string;
  birthday?: string;
  grade?: string;
  source?: string;
  stage?: string;
  phone?: string;
  fax?: string;
  email?: string;
  province?: string;
  city?: string;
  district?: string;
  postalCode?: string;
  street?: string;
  taxId?: string;
  notes?: string;
  custom?: Record<string, unknown>;
}

/** Form values → API body (channels and address built from the simple fields; custom fields as defined). */
export function toBody(v: CustomerFormValues, defs: CustomField[]) {
  const channels = [
    v.phone && { kind: 'phone', label: v.kind === 'person' ? 'mobile' : 'work', value: v.phone },
    v.fax && { kind: 'phone', label: 'fax', value: v.fax },
    v.email && { kind: 'email', value: v.email },
  ].filter(Boolean);
  const empty = (s?: string) => (s?.trim() ? s.trim() : null);
  return {
    kind: v.kind,
    ...(v.kind === 'person'
      ? { familyName: empty(v.familyName), givenName: empty(v.givenName), gender: v.gender ?? null }
      : { name: empty(v.name), taxId: empty(v.taxId) }),
    ...(v.kind === 'person' && v.name?.trim() ? { name: v.name.trim() } : {}),
    reading: empty(v.reading),
    birthday: empty(v.birthday),
    grade: v.grade ?? null,
    source: v.source ?? null,
    stage: v.stage ?? null,
    notes: empty(v.notes),
    channels,
    addresses: [v.province, v.city, v.district, v.postalCode, v.street].some((x) => x?.trim())
      ? [
          {
            province: empty(v.province),
            city: empty(v.city),
            district: empty(v.district),
            postalCode: empty(v.postalCode),
            street: empty(v.street),
          },
        ]
      : [],
    ...(defs.some((d) => !d.archived) ? { custom: customBody(v.custom, defs) } : {}),
  };
}

/** API field path → this form's field: channels and the first address are flat inputs here. */
export function customerField(path: string) {
  if (/^body\.channels\.\d+\.value$/.test(path)) return ['phone'];
  return fieldName(path.replace(/^body\.addresses\.0\./, 'body.'));
}

interface Dupe {
  matches: { id: string | null; name: string | null; ownerName: string | null; matchedOn: string; visible: boolean }[];
}

export function CustomerFields({
  form,
  checkDuplicates,
  excludeId,
}: {
  form: FormInstance<CustomerFormValues>;
  checkDuplicates?: boolean;
  excludeId?: string;
}) {
  const { t } = useTranslation();
  const me = useMe();
  const defs = useFieldDefs();
  const kind = Form.useWatch('kind', form);
  const phone = useDebounced(Form.useWatch('phone', form) ?? '', 250);
  const email = useDebounced(Form.useWatch('email', form) ?? '', 250);
  const dupes = useQuery({
    queryKey: ['dupes', phone, email],
    queryFn: ({ signal }) =>
      get<Dupe>(
        `/customers/check-duplicates${qs({ phone: phone.length >= 6 ? phone : undefined, email: email.includes('@') ? email : undefined })}`,
        signal,
      ),
    enabled: !!checkDuplicates && (phone.length >= 6 || email.includes('@')),
  });
  const matches = (dupes.data?.matches ?? []).filter((m) => m.id !== excludeId);
  const opts = usePicklistOptions();
  return (
    <>
      <Form.Item name="kind" label={t('customer.kind')}>
        <Radio.Group
          optionType="button"
          options={[
            { value: 'person', label: t('customer.person') },
            { value: 'organization', label: t('customer.organization') },
          ]}
        />
      </Form.Item>
      {kind === 'organization' ? (
        <Form.Item name="name" label={t('customer.name')} rules={[{ required: true }]}>
          <Input autoFocus />
        </Form.Item>
      ) : (
        <div style={{ display: 'flex', gap: 8 }}>
          <Form.Item
            name="familyName"
            label={t('customer.familyName')}
            style={{ flex: 1 }}
            rules={[{ required: true }]}
          >
            <Input autoFocus />
          </Form.Item>
          <Form.Item name="givenName" label={t('customer.givenName')} style={{ flex: 1 }}>
            <Input />
          </Form.Item>
        </div>
      )}
      <Form.Item name="reading" label={t('customer.reading')}>
        <Input />
      </Form.Item>
      <div style={{ display: 'flex', gap: 8, flexWrap: 'wrap' }}>
        <Form.Item name="phone" label={t('customer.phone')} style={{ flex: '1 1 160px' }}>
          <Input inputMode="tel" />
        </Form.Item>
        <Form.Item name="email" label={t('customer.email')} style={{ flex: '1 1 160px' }}>
          <Input inputMode="email" />
        </Form.Item>
      </div>
      {matches.map((m) => (
        <Alert
          key={m.id ?? `hidden-${m.matchedOn}`}
          type="warning"
          showIcon
          role="alert"
          data-testid="duplicate-warning"
          style={{ marginBottom: 12 }}
          message={
            m.visible
              ? t('customer.duplicateWarning', { name: m.name, owner: m.ownerName ?? t('customer.unowned') })
              : t(m.ownerName ? 'customer.duplicateHidden' : 'customer.duplicateHiddenAsk', {
                  field: t(m.matchedOn === 'email' ? 'customer.email' : 'customer.phone'),
                  owner: m.ownerName,
                })
          }
          action={m.visible ? <Link to={`/customers/${m.id}`}>{t('customer.openExisting')}</Link> : undefined}
        />
      ))}
      {kind === 'organization' && (
        <div style={{ display: 'flex', gap: 8, flexWrap: 'wrap' }}>
          <Form.Item name="fax" label={t('customer.fax')} style={{ flex: '1 1 160px' }}>
            <Input inputMode="tel" />
          </Form.Item>
          <Form.Item name="taxId" label={t('customer.taxId')} style={{ flex: '1 1 160px' }}>
            <Input />
          </Form.Item>
        </div>
      )}
      <div style={{ display: 'flex', gap: 8, flexWrap: 'wrap' }}>
        <Form.Item name="grade" label={t('customer.grade')} style={{ flex: '1 1 100px' }}>
          <Select allowClear options={opts('grade')} />
        </Form.Item>
        <Form.Item name="source" label={t('customer.source')} style={{ flex: '1 1 120px' }}>
          <Select allowClear options={opts('source')} />
        </Form.Item>
        <Form.Item name="stage" label={t('customer.stage')} style={{ flex: '1 1 120px' }}>
          <Select allowClear options={opts('stage')} />
        </Form.Item>
      </div>
      {kind !== 'organization' && (
        <div style={{ display: 'flex', gap: 8, flexWrap: 'wrap' }}>
          <Form.Item name="gender" label={t('customer.gender')} style={{ flex: '1 1 120px' }}>
            <Select
              allowClear
              options={['female', 'male', 'other'].map((g) => ({ value: g, label: t(`genders.${g}`) }))}
            />
          </Form.Item>
          <Form.Item
            name="birthday"
            label={t('customer.birthday')}
            style={{ flex: '1 1 160px' }}
            extra={t('customer.birthdayHint')}
          >
            <Input />
          </Form.Item>
        </div>
      )}
      <AddressFields form={form} region={me.tenant.phoneRegion} />
      <CustomFieldInputs defs={defs.data?.data ?? []} />
      <Form.Item name="notes" label={t('customer.notes')}>
        <Input.TextArea rows={3} />
      </Form.Item>
    </>
  );
}
