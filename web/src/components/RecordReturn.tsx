import { useQuery } from '@tanstack/react-query';
import { Button, Input, InputNumber, message, Table } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { get, post } from '../api/client.ts';
import { money } from '../format.ts';
import { useRefreshCustomer } from '../hooks.ts';
import { SaveDialog } from './SaveDialog.tsx';

interface OrderLine {
  id: string;
  name: string;
  quantity: number;
  unitPrice: number;
  amount: number;
}

/** A return against one order: how many of each line come back; the server refuses more than was bought. */
export function RecordReturnButton({ orderId, customerId }: { orderId: string; customerId: string }) {
  const { t, i18n } = useTranslation();
  const refresh = useRefreshCustomer(customerId);
  const [open, setOpen] = useState(false);
  const [qty, setQty] = useState<Record<string, number>>({});
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const order = useQuery({
    queryKey: ['order', orderId],
    queryFn: () => get<{ currency: string; lines: OrderLine[] }>(`/orders/${orderId}`),
    enabled: open,
  });
  const save = async () => {
    const lines = Object.entries(qty)
      .filter(([, q]) => q > 0)
      .map(([lineId, quantity]) => ({ lineId, quantity }));
    if (lines.length === 0) return setOpen(false);
    setBusy(true);
    try {
      await post(`/orders/${orderId}/returns`, { lines, reason: reason.trim() || null });
      message.success(t('orders.returned'));
      setOpen(false);
      setQty({});
      await refresh();
    } catch (e) {
      message.error((e as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <Button size="small" type="link" onClick={() => setOpen(true)}>
        {t('orders.return')}
      </Button>
      <SaveDialog
        open={open}
        title={t('orders.returnTitle')}
        busy={busy}
        onOk={save}
        onCancel={() => {
          setOpen(false);
          setQty({});
        }}
      >
        <Table<OrderLine>
          rowKey="id"
          size="small"
          pagination={false}
          loading={order.isPending}
          dataSource={(order.data?.lines ?? []).filter((l) => l.quantity > 0)}
          columns={[
            { title: t('orders.product'), dataIndex: 'name' },
            { title: t('orders.bought'), dataIndex: 'quantity' },
            {
              title: t('orders.unitPrice'),
              render: (_, l) => money(l.unitPrice, order.data?.currency ?? 'CNY', i18n.language),
            },
            {
              title: t('orders.returnQty'),
              render: (_, l) => (
                <InputNumber
                  min={0}
                  max={l.quantity}
                  precision={0}
                  aria-label={`${t('orders.returnQty')} ${l.name}`}
                  value={qty[l.id]}
                  onChange={(v) => setQty({ ...qty, [l.id]: v ?? 0 })}
                />
              ),
            },
          ]}
        />
        <Input
          style={{ marginTop: 12 }}
          placeholder={t('orders.reason')}
          aria-label={t('orders.reason')}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
        />
      </SaveDialog>
    </>
  );
}
