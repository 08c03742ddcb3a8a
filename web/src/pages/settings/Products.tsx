import { Button, Form, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { patch, post } from '../../api/client.ts';
import type { Product } from '../../api/types.ts';
import { AddBar, TextItem } from '../../components/AddBar.tsx';
import { MoneyInput } from '../../components/MoneyInput.tsx';
import { ResponsiveTable } from '../../components/ResponsiveTable.tsx';
import { money, toMinor } from '../../format.ts';
import { useProducts } from '../../hooks.ts';
import { useMe } from '../../session.tsx';
import { useSubmit } from './common.ts';

/** The catalogue the sale form picks from: name, SKU, category, price and cost (prices as the shop writes them). */
export function Products() {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const products = useProducts();
  const [form] = Form.useForm();
  const submit = useSubmit('products');
  const currency = me.tenant.currency;
  const price = (name: string, label: string) => (
    <Form.Item name={name} label={label} style={{ width: 110 }}>
      <MoneyInput label={label} />
    </Form.Item>
  );
  return (
    <>
      <AddBar
        form={form}
        onFinish={(v) =>
          submit(
            () =>
              post('/products', {
                name: v.name,
                sku: v.sku || null,
                category: v.category || null,
                price: toMinor(v.price ?? 0, currency),
                cost: v.cost === undefined || v.cost === null ? null : toMinor(v.cost, currency),
              }),
            form,
          )
        }
      >
        <TextItem name="name" label={t('common.name')} rules={[{ required: true }]} />
        <TextItem name="sku" label={t('settings.sku')} />
        <TextItem name="category" label={t('settings.category')} />
        {price('price', t('settings.price'))}
        {price('cost', t('settings.cost'))}
      </AddBar>
      <ResponsiveTable<Product>
        rowKey="id"
        dataSource={products.data?.data ?? []}
        columns={[
          {
            title: t('common.name'),
            render: (_, p) => (
              <>
                {p.name} {p.archived && <Tag>{t('common.archived')}</Tag>}
              </>
            ),
          },
          { title: t('settings.sku'), render: (_, p) => p.sku ?? '—' },
          { title: t('settings.category'), render: (_, p) => p.category ?? '—' },
          { title: t('settings.price'), render: (_, p) => money(p.price, currency, i18n.language) },
          {
            title: t('settings.cost'),
            render: (_, p) => (p.cost === null ? '—' : money(p.cost, currency, i18n.language)),
          },
          {
            title: t('common.actions'),
            render: (_, p) => (
              <Button size="small" onClick={() => submit(() => patch(`/products/${p.id}`, { archived: !p.archived }))}>
                {p.archived ? t('common.unarchive') : t('common.archive')}
              </Button>
            ),
          },
        ]}
      />
    </>
  );
}
