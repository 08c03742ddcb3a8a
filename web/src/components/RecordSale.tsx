import { Button, DatePicker, Form, Input, InputNumber, message, Select, Space, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { post } from '../api/client.ts';
import { showSaveError } from '../api/formErrors.ts';
import { dateTimeFormat, money, toMajor, toMinor } from '../format.ts';
import { useProducts, useRefreshCustomer } from '../hooks.ts';
import { useMe } from '../session.tsx';
import { MoneyInput } from './MoneyInput.tsx';
import { DATE_ICONS } from './pickerIcons.tsx';
import { SaveDialog } from './SaveDialog.tsx';

interface LineValues {
  productId?: string;
  name?: string;
  quantity?: number;
  unitPrice?: number;
  discount?: number;
}

/** Recording a purchase at the counter: pick products (their price fills in), quantities, an optional discount. */
export function RecordSaleButton({ customerId }: { customerId: string }) {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const refresh = useRefreshCustomer(customerId);
  const products = useProducts();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm();
  const currency = me.tenant.currency;
  const catalogue = (products.data?.data ?? []).filter((p) => !p.archived);
  const byId = new Map(catalogue.map((p) => [p.id, p]));
  const lines: LineValues[] = Form.useWatch('lines', form) ?? [];
  // As the server computes it: quantity × unit price − discount, in minor units.
  const total = lines.reduce(
    (sum, l) => sum + (l?.quantity ?? 0) * toMinor(l?.unitPrice ?? 0, currency) - toMinor(l?.discount ?? 0, currency),
    0,
  );
  return (
    <>
      <Button size="small" onClick={() => setOpen(true)} data-testid="record-sale">
        {t('orders.record')}
      </Button>
      <SaveDialog
        open={open}
        title={t('orders.title')}
        busy={busy}
        onCancel={() => setOpen(false)}
        onOk={() => form.submit()}
        width={760}
      >
        <Form
          form={form}
          layout="vertical"
          initialValues={{ orderedAt: dayjs(), lines: [{}] }}
          onFinish={async (v) => {
            setBusy(true);
            try {
              await post('/orders', {
                customerId,
                orderedAt: (v.orderedAt as dayjs.Dayjs).toISOString(),
                channel: v.channel?.trim() || null,
                note: v.note?.trim() || null,
                lines: (v.lines as LineValues[]).map((l) => ({
                  productId: l.productId ?? null,
                  name: l.productId ? undefined : l.name?.trim(),
                  quantity: l.quantity ?? 1,
                  unitPrice: toMinor(l.unitPrice ?? 0, currency),
                  discount: toMinor(l.discount ?? 0, currency),
                })),
              });
              message.success(t('orders.saved'));
              setOpen(false);
              await refresh();
            } catch (e) {
              showSaveError(e, form);
            } finally {
              setBusy(false);
            }
          }}
        >
          <Space wrap>
            <Form.Item name="orderedAt" label={t('orders.orderedAt')}>
              <DatePicker {...DATE_ICONS} showTime={{ format: 'HH:mm' }} format={dateTimeFormat(i18n.language)} />
            </Form.Item>
            <Form.Item name="channel" label={t('orders.channel')}>
              <Input style={{ width: 160 }} />
            </Form.Item>
          </Space>
          <Form.List name="lines">
            {(fields, { add, remove }) => (
              <>
                {fields.map((f) => (
                  <Space key={f.key} align="start" size={6} wrap data-testid="sale-line">
                    <Form.Item name={[f.name, 'productId']} label={t('orders.product')} style={{ width: 190 }}>
                      <Select
                        allowClear
                        showSearch
                        optionFilterProp="label"
                        placeholder={t('orders.product')}
                        options={catalogue.map((p) => ({
                          value: p.id,
                          label: `${p.name}${p.sku ? ` · ${p.sku}` : ''}`,
                        }))}
                        onChange={(id?: string) => {
                          const p = id ? byId.get(id) : undefined;
                          if (p) form.setFieldValue(['lines', f.name, 'unitPrice'], toMajor(p.price, currency));
                        }}
                      />
                    </Form.Item>
                    <Form.Item
                      name={[f.name, 'name']}
                      label={t('orders.orName')}
                      style={{ width: 140 }}
                      dependencies={[['lines', f.name, 'productId']]}
                      rules={[
                        ({ getFieldValue }) => ({
                          validator: (_, value) =>
                            getFieldValue(['lines', f.name, 'productId']) || value?.trim()
                              ? Promise.resolve()
                              : Promise.reject(new Error(t('orders.needProduct'))),
                        }),
                      ]}
                    >
                      <Input />
                    </Form.Item>
                    <Form.Item
                      name={[f.name, 'quantity']}
                      label={t('orders.quantity')}
                      initialValue={1}
                      style={{ width: 70 }}
                    >
                      <InputNumber min={1} precision={0} style={{ width: '100%' }} />
                    </Form.Item>
                    <Form.Item name={[f.name, 'unitPrice']} label={t('orders.unitPrice')} style={{ width: 110 }}>
                      <MoneyInput label={t('orders.unitPrice')} />
                    </Form.Item>
                    <Form.Item name={[f.name, 'discount']} label={t('orders.discount')} style={{ width: 90 }}>
                      <MoneyInput label={t('orders.discount')} />
                    </Form.Item>
                    {fields.length > 1 && (
                      <Button
                        type="text"
                        style={{ marginTop: 30 }}
                        onClick={() => remove(f.name)}
                        aria-label={t('orders.removeLine', { n: f.name + 1 })}
                      >
                        ✕
                      </Button>
                    )}
                  </Space>
                ))}
                <Button type="dashed" onClick={() => add()} style={{ marginBottom: 16 }}>
                  + {t('orders.addLine')}
                </Button>
              </>
            )}
          </Form.List>
          <Form.Item name="note" label={t('orders.note')}>
            <Input.TextArea rows={2} />
          </Form.Item>
          <Typography.Text strong data-testid="sale-total">
            {t('orders.total')}
            {t('common.colon')}
            {money(total, currency, i18n.language)}
          </Typography.Text>
        </Form>
      </SaveDialog>
    </>
  );
}
