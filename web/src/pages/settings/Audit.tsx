import { useQuery } from '@tanstack/react-query';
import { Button, Form, Grid, List, Select, Space, Switch, Table } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { get, qs } from '../../api/client.ts';
import type { Page } from '../../api/types.ts';
import { dateTime } from '../../format.ts';
import { useFieldDefs, usePicklistLabel } from '../../hooks.ts';
import { useMe } from '../../session.tsx';
import {
  ACTIONS,
  type AuditRef,
  type AuditRow,
  actionLabel,
  type Ctx,
  changeLines,
  ENTITIES,
  entityLabel,
  recordCell,
} from './auditText.tsx';

const SHOWN_LINES = 6;

/** The audit log as a history: who did what to which record, in the user's language; the raw form on request. */
export function Audit() {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const picklist = usePicklistLabel();
  const defs = useFieldDefs();
  const [filter, setFilter] = useState<{ entity?: string; action?: string }>({});
  const [cursor, setCursor] = useState<string | undefined>();
  const [raw, setRaw] = useState(false);
  const phone = !Grid.useBreakpoint().md;
  const page = useQuery({
    queryKey: ['audit', filter, cursor],
    queryFn: () =>
      get<Page<AuditRow> & { refs: Record<string, AuditRef> }>(`/audit-log${qs({ ...filter, cursor, limit: 50 })}`),
  });
  const c: Ctx = {
    t,
    lang: i18n.language,
    tz: me.tenant.timezone,
    currency: me.tenant.currency,
    refs: page.data?.refs ?? {},
    picklist,
    customLabels: Object.fromEntries((defs.data?.data ?? []).map((d) => [d.key, d.label])),
  };
  const actor = (r: AuditRow) =>
    r.actorType === 'system' ? t('audit.system') : (r.actorName ?? t('audit.unknownRecord'));
  return (
    <>
      <Form
        layout="inline"
        style={{ marginBottom: 12, rowGap: 8 }}
        onFinish={(v) => {
          setCursor(undefined);
          setFilter({ entity: v.entity || undefined, action: v.action || undefined });
        }}
      >
        <Form.Item name="entity">
          <Select
            allowClear
            style={{ width: 160 }}
            placeholder={t('settings.entity')}
            aria-label={t('settings.entity')}
            options={ENTITIES.map((e) => ({ value: e, label: entityLabel(e, c) }))}
          />
        </Form.Item>
        <Form.Item name="action">
          <Select
            allowClear
            showSearch
            optionFilterProp="label"
            style={{ width: 200 }}
            placeholder={t('settings.action')}
            aria-label={t('settings.action')}
            options={ACTIONS.map((a) => ({ value: a, label: actionLabel(a, c) }))}
          />
        </Form.Item>
        <Button htmlType="submit">{t('common.filters')}</Button>
        <Space style={{ marginLeft: 'auto' }}>
          <Switch checked={raw} onChange={setRaw} aria-label={t('audit.raw')} id="audit-raw" />
          <label htmlFor="audit-raw">{t('audit.raw')}</label>
        </Space>
      </Form>
      {phone ? (
        // On a phone each entry is a card: when and who, what happened to which record, then the changes.
        <List
          loading={page.isPending}
          dataSource={page.data?.data ?? []}
          data-testid="audit-table"
          renderItem={(r) => (
            <List.Item key={r.id} data-testid="audit-card">
              <div style={{ width: '100%' }}>
                <div className="muted" style={{ fontSize: 12 }}>
                  {dateTime(r.at, i18n.language, me.tenant.timezone)}
                  {t('common.listSeparator')}
                  {actor(r)}
                </div>
                <div>
                  <strong>{actionLabel(r.action, c)}</strong> {recordCell(r, c, me.tenant.name)}
                </div>
                <Changes row={r} c={c} />
                {raw && <pre style={{ fontSize: 11, whiteSpace: 'pre-wrap' }}>{rawText(r)}</pre>}
              </div>
            </List.Item>
          )}
        />
      ) : (
        <Table<AuditRow>
          rowKey="id"
          size="small"
          pagination={false}
          scroll={{ x: true }}
          loading={page.isPending}
          dataSource={page.data?.data ?? []}
          data-testid="audit-table"
          columns={[
            {
              title: t('settings.when'),
              width: 150,
              render: (_, r) => dateTime(r.at, i18n.language, me.tenant.timezone),
            },
            { title: t('audit.who'), width: 110, render: (_, r) => actor(r) },
            {
              title: t('settings.action'),
              render: (_, r) => (
                <>
                  <div>{actionLabel(r.action, c)}</div>
                  <div>{recordCell(r, c, me.tenant.name)}</div>
                </>
              ),
            },
            {
              title: t('settings.changes'),
              render: (_, r) => <Changes row={r} c={c} />,
            },
            ...(raw
              ? [
                  {
                    title: t('audit.raw'),
                    render: (_: unknown, r: AuditRow) => (
                      <pre style={{ margin: 0, fontSize: 11, whiteSpace: 'pre-wrap', maxWidth: 360 }}>{rawText(r)}</pre>
                    ),
                  },
                ]
              : []),
          ]}
        />
      )}
      {page.data?.nextCursor && (
        <Button style={{ marginTop: 8 }} onClick={() => setCursor(page.data?.nextCursor ?? undefined)}>
          {t('common.loadMore')}
        </Button>
      )}
    </>
  );
}

function Changes({ row, c }: { row: AuditRow; c: Ctx }) {
  const [all, setAll] = useState(false);
  const lines = changeLines(row, c);
  const shown = all ? lines : lines.slice(0, SHOWN_LINES);
  return (
    <div data-testid="audit-changes">
      {shown.map((l) => (
        <div key={l.key}>{l.node}</div>
      ))}
      {lines.length > shown.length && (
        <Button type="link" size="small" style={{ padding: 0 }} onClick={() => setAll(true)}>
          {c.t('audit.more', { count: lines.length - shown.length })}
        </Button>
      )}
    </div>
  );
}

const rawText = (r: AuditRow) =>
  [r.action, `${r.entity} ${r.entityId ?? ''}`, JSON.stringify(r.changes, null, 1)].join('\n');
