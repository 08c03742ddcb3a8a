import { useQueryClient } from '@tanstack/react-query';
import { Button, Checkbox, DatePicker, Form, Input, message, Radio, Select } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { post } from '../api/client.ts';
import { fieldName, showSaveError } from '../api/formErrors.ts';
import type { Link } from '../api/types.ts';
import { dateTimeFormat } from '../format.ts';
import { DATE_ICONS } from './pickerIcons.tsx';
import { SaveDialog } from './SaveDialog.tsx';

const TYPES = ['call', 'visit', 'wechat', 'line', 'email', 'sms', 'letter', 'meeting', 'note', 'other'];

/** Logging a touch: one click opens it with "call" preselected; type, save. A next step becomes a task. */
export function LogInteractionButton({ customerId, contacts }: { customerId: string; contacts: Link[] }) {
  const { t, i18n } = useTranslation();
  const client = useQueryClient();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm();
  const next = Form.useWatch('withNext', form);
  return (
    <>
      <Button type="primary" onClick={() => setOpen(true)} data-testid="log-call">
        {t('diary.logCall')}
      </Button>
      <SaveDialog
        open={open}
        title={t('diary.log')}
        busy={busy}
        onCancel={() => setOpen(false)}
        onOk={() => form.submit()}
      >
        <Form
          form={form}
          layout="vertical"
          preserve={false}
          initialValues={{
            type: 'call',
            direction: 'out',
            sentiment: 'neutral',
            withNext: false,
            dueAt: dayjs().add(1, 'day').hour(10).minute(0),
          }}
          onFinish={async (v) => {
            setBusy(true);
            try {
              await post('/interactions', {
                customerId,
                type: v.type,
                direction: v.direction,
                summary: v.summary,
                outcome: v.outcome || null,
                sentiment: v.sentiment,
                contactIds: v.contactIds ?? [],
                nextStep:
                  v.withNext && v.nextTitle
                    ? { title: v.nextTitle, dueAt: (v.dueAt as dayjs.Dayjs).toISOString() }
                    : null,
              });
              message.success(t('diary.logged'));
              setOpen(false);
              await Promise.all(
                ['customer', 'timeline', 'my-day', 'tasks'].map((k) => client.invalidateQueries({ queryKey: [k] })),
              );
            } catch (e) {
              // The next step's title and due date are flat inputs of this form.
              showSaveError(e, form, (path) =>
                fieldName(path.replace('body.nextStep.title', 'body.nextTitle').replace('body.nextStep.', 'body.')),
              );
            } finally {
              setBusy(false);
            }
          }}
        >
          <Form.Item name="type" label={t('diary.type')}>
            <Select options={TYPES.map((x) => ({ value: x, label: t(`diary.types.${x}`) }))} />
          </Form.Item>
          <Form.Item name="direction" label={t('diary.direction')}>
            <Radio.Group
              optionType="button"
              options={[
                { value: 'out', label: t('diary.out') },
                { value: 'in', label: t('diary.in') },
              ]}
            />
          </Form.Item>
          {contacts.length > 0 && (
            <Form.Item name="contactIds" label={t('customer.contacts')}>
              <Select
                mode="multiple"
                options={contacts.map((c) => ({
                  value: c.personId,
                  label: `${c.personName} · ${t(`roles.${c.role}`)}`,
                }))}
              />
            </Form.Item>
          )}
          <Form.Item name="summary" label={t('diary.summary')} rules={[{ required: true }]}>
            <Input.TextArea rows={3} autoFocus data-testid="interaction-summary" />
          </Form.Item>
          <Form.Item name="outcome" label={t('diary.outcome')}>
            <Input />
          </Form.Item>
          <Form.Item name="sentiment" label={t('diary.sentiment')}>
            <Radio.Group
              options={['praise', 'neutral', 'complaint'].map((s) => ({ value: s, label: t(`diary.sentiments.${s}`) }))}
            />
          </Form.Item>
          <Form.Item name="withNext" valuePropName="checked">
            <Checkbox data-testid="with-next-step">{t('diary.nextStep')}</Checkbox>
          </Form.Item>
          {next && (
            <div style={{ display: 'flex', gap: 8, flexWrap: 'wrap' }}>
              <Form.Item
                name="nextTitle"
                label={t('diary.nextStepTitle')}
                style={{ flex: '2 1 200px' }}
                rules={[{ required: true }]}
              >
                <Input data-testid="next-step-title" />
              </Form.Item>
              <Form.Item name="dueAt" label={t('diary.due')} style={{ flex: '1 1 160px' }}>
                <DatePicker {...DATE_ICONS} showTime={{ format: 'HH:mm' }} format={dateTimeFormat(i18n.language)} />
              </Form.Item>
            </div>
          )}
        </Form>
      </SaveDialog>
    </>
  );
}
