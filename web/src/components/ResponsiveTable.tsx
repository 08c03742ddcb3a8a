import { List, Table, type TableProps } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useIsPhone } from '../hooks.ts';

export interface Column<T> {
  title: string;
  key?: string;
  dataIndex?: keyof T & string;
  render?: (value: unknown, row: T, index: number) => ReactNode;
}

/**
 * A settings-style table that fits a phone: on a desk the antd table, on a 390 px screen one card per row with
 * each column as "label：value" — no column squeezed to one character, nothing scrolling sideways.
 */
export function ResponsiveTable<T extends object>({
  columns,
  dataSource,
  rowKey,
  loading,
  ...rest
}: { columns: Column<T>[]; dataSource: T[]; rowKey: keyof T & string } & Omit<
  TableProps<T>,
  'columns' | 'dataSource' | 'rowKey'
>) {
  const { t } = useTranslation();
  const phone = useIsPhone();
  const cell = (c: Column<T>, row: T, i: number) => {
    const value = c.dataIndex ? row[c.dataIndex] : undefined;
    return c.render ? c.render(value, row, i) : ((value as ReactNode) ?? '—');
  };
  if (!phone)
    return (
      <Table<T>
        rowKey={rowKey}
        size="small"
        pagination={false}
        className="table-scroll"
        dataSource={dataSource}
        loading={loading}
        locale={{ emptyText: t('common.noData') }}
        columns={columns.map((c, i) => ({ ...c, key: c.key ?? c.dataIndex ?? String(i) }))}
        {...rest}
      />
    );
  return (
    <List<T>
      className="row-cards"
      dataSource={dataSource}
      loading={!!loading}
      locale={{ emptyText: t('common.noData') }}
      renderItem={(row, i) => (
        <List.Item key={String(row[rowKey])} data-testid="row-card">
          <dl className="row-card">
            {columns.map((c, ci) => (
              <div key={c.key ?? c.dataIndex ?? ci}>
                <dt>{c.title}</dt>
                <dd>{cell(c, row, i)}</dd>
              </div>
            ))}
          </dl>
        </List.Item>
      )}
    />
  );
}
