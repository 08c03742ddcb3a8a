import { Button, Card, Form, Input, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { patch } from '../../api/client.ts';
import type { Tenant } from '../../api/types.ts';
import { CurrencySelect, PhoneRegionSelect, TimeZoneSelect } from '../../components/RegionSelects.tsx';
import { useMe } from '../../session.tsx';

import { useSubmit } from './common.ts';

export function Business() {
  const { t } = useTranslation();
  const me = useMe();
  const [form] = Form.useForm<Tenant>();
  const submit = useSubmit('me');
  const canEdit = me.permissions.includes('tenant.manage');
  return (
    <Card size="small" style={{ maxWidth: 560 }}>
      <Form
        form={form}
        layout="vertical"
        disabled={!canEdit}
        initialValues={me.tenant}
        onFinish={(v) =>
          submit(
            () =>
              patch('/tenant', {
                name: v.name,
                currency: v.currency,
                timezone: v.timezone,
                phoneRegion: v.phoneRegion,
                locale: v.locale,
              }),
            undefined,
          )
        }
      >
        <Form.Item name="name" label={t('auth.businessName')}>
          <Input />
        </Form.Item>
        <Form.Item name="locale" label={t('auth.locale')}>
          <Select
            options={[
              { value: 'zh-CN', label: '简体中文' },
              { value: 'ja', label: '日本語' },
              { value: 'en', label: 'English' },
            ]}
          />
        </Form.Item>
        <Form.Item name="currency" label={t('auth.currency')}>
          <CurrencySelect />
        </Form.Item>
        <Form.Item name="timezone" label={t('auth.timezone')}>
          <TimeZoneSelect />
        </Form.Item>
        <Form.Item name="phoneRegion" label={t('auth.region')}>
          <PhoneRegionSelect />
        </Form.Item>
        <Button type="primary" htmlType="submit">
          {t('common.save')}
        </Button>
      </Form>
    </Card>
  );
}
