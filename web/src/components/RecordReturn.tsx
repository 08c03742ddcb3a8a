import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Input, InputNumber, message, Table } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, get, post } from '../api/client.ts';
import { errorText, fieldErrorText } from '../api/errors.ts';
import { money } from '../format.ts';
import { useRefreshCustomer } from '../hooks.ts';
import { SaveDialog } from './SaveDialog.tsx';

interface OrderLine {
  id: string;
  name: string;
  quantity: number;
  unitPrice: number;
  amount: number;
  returnsLineId: string | null;
}
interface Order {
  id: string;
  kind: string;
  originalOrderId: string | null;
  currency: string;
  lines: OrderLine[];
}
type Line = OrderLine & { returned: number; returnable: number };

/** The order's lines with what earlier returns took back, so the dialog can say what is still returnable. */
async function loadReturnable(orderId: string, customerId: string): Promise<{ order: Order; lines: Line[] }> {
  const [order, list] = await Promise.all([
    get<Order>(`/orders/${orderId}`),
    get<{ data: Order[] }>(`/orders?customerId=${customerId}&limit=200`),
  ]);
  const earlier = list.data.filter((o) => o.kind === 'return' && o.originalOrderId === orderId);
  const returns = await Promise.all(earlier.map((o) => get<Order>(`/orders/${o.id}`)));
  const back = new Map<string, number>();
  for (const r of returns)
    for (const l of r.lines)
      if (l.returnsLineId) back.set(l.returnsLineId, (back.get(l.returnsLineId) ?? 0) - l.quantity);
  const lines = order.lines
    .filter((l) => l.quantity > 0)
    .map((l) => {
      const returned = back.get(l.id) ?? 0;
      return { ...l, returned, returnable: Math.max(0, l.quantity - returned) };
    });
  return { order, lines };
}

/**
 * A return against one order: how many of each line come back. The dialog shows what is still returnable per line
 * and says why it will not save (nothing entered, more than can be returned) instead of closing or capping silently.
 */
export function RecordReturnButton({ orderId, customerId }: { orderId: string; customerId: string }) {
  const { t, i18n } = useTranslation();
  const refresh = useRefreshCustomer(customerId);
  const [open, setOpen] = useState(false);
  const [qty, setQty] = useState<Record<string, number | null>>({});
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [problems, setProblems] = useState<string[]>([]);
  const data = useQuery({
    queryKey: ['order', orderId, 'returnable'],
    queryFn: () => loadReturnable(orderId, customerId),
    enabled: open,
  });
  const lines = data.data?.lines ?? [];
  const currency = data.data?.order.currency ?? 'CNY';
  const over = (l: Line) => (qty[l.id] ?? 0) > l.returnable;
  const close = () => {
    setOpen(false);
    setQty({});
    setReason('');
    setProblems([]);
  };
  const save = async () => {
    const wanted = lines.filter((l) => (qty[l.id] ?? 0) > 0);
    const refused = [
      ...(wanted.length === 0 ? [t('returns.nothingEntered')] : []),
      ...wanted.filter(over).map((l) => t('returns.tooMany', { name: l.name, max: l.returnable })),
    ];
    setProblems(refused);
    if (refused.length) return;
    setBusy(true);
    try {
      await post(`/orders/${orderId}/returns`, {
        lines: wanted.map((l) => ({ lineId: l.id, quantity: qty[l.id] })),
        reason: reason.trim() || null,
      });
      message.success(t('orders.returned'));
      close();
      await refresh();
    } catch (e) {
      // The server's reasons per line (someone returned the same box meanwhile), by the line's name.
      if (e instanceof ApiError && e.errors.length)
        setProblems(
          e.errors.map((x) => {
            const i = Number(/lines\.(\d+)/.exec(x.path)?.[1]);
            const name = Number.isNaN(i) ? '' : wanted[i]?.name;
            return name ? `${name}${t('common.colon')}${fieldErrorText(x)}` : errorText(e);
          }),
        );
      else setProblems([errorText(e)]);
      await data.refetch();
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <Button size="small" type="link" onClick={() => setOpen(true)}>
        {t('orders.return')}
      </Button>
      <SaveDialog open={open} title={t('orders.returnTitle')} busy={busy} width={640} onOk={save} onCancel={close}>
        <Table<Line>
          rowKey="id"
          size="small"
          pagination={false}
          scroll={{ x: true }}
          loading={data.isPending}
          dataSource={lines}
          data-testid="return-lines"
          columns={[
            { title: t('orders.product'), dataIndex: 'name' },
            { title: t('orders.bought'), dataIndex: 'quantity', align: 'right' },
            { title: t('returns.already'), align: 'right', render: (_, l) => l.returned || '—' },
            {
              title: t('returns.returnable'),
              align: 'right',
              render: (_, l) => (l.returnable > 0 ? <strong>{l.returnable}</strong> : t('returns.allReturned')),
            },
            {
              title: t('orders.unitPrice'),
              align: 'right',
              render: (_, l) => money(l.unitPrice, currency, i18n.language),
            },
            {
              title: t('orders.returnQty'),
              render: (_, l) => (
                <InputNumber
                  min={0}
                  precision={0}
                  style={{ width: 90 }}
                  disabled={l.returnable === 0}
                  status={over(l) ? 'error' : undefined}
                  aria-label={`${t('orders.returnQty')} ${l.name}`}
                  aria-invalid={over(l)}
                  value={qty[l.id]}
                  onChange={(v) => {
                    setQty({ ...qty, [l.id]: v });
                    setProblems([]);
                  }}
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
        {problems.length > 0 && (
          <Alert
            role="alert"
            type="error"
            showIcon
            style={{ marginTop: 12 }}
            data-testid="return-problems"
            message={problems.length === 1 ? problems[0] : problems.map((p) => <div key={p}>{p}</div>)}
          />
        )}
      </SaveDialog>
    </>
  );
}
