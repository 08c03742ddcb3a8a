import { useInfiniteQuery } from '@tanstack/react-query';
import { Button, Empty, Select, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { get, qs } from '../../api/client.ts';
import { type ItemsPage, itemsOf, type MailRow, type MailState } from '../../api/types.ts';
import { MAIL_STATE_COLOR } from '../../components/jobText.ts';
import { LoadError } from '../../components/LoadError.tsx';
import { ResponsiveTable } from '../../components/ResponsiveTable.tsx';
import { dateTime } from '../../format.ts';
import i18n from '../../i18n/index.ts';
import { useMe } from '../../session.tsx';

const STATES: MailState[] = ['queued', 'sending', 'sent', 'deferred', 'failed'];
const kindText = (kind: string) => (i18n.exists(`mail.kinds.${kind}`) ? i18n.t(`mail.kinds.${kind}`) : kind);

/** Every mail the system sent or tried to: to whom, what, its state and the SMTP server's last answer. */
export function MailLog() {
  const { t } = useTranslation();
  const me = useMe();
  const [state, setState] = useState<MailState | undefined>();
  const list = useInfiniteQuery({
    queryKey: ['mail', state],
    queryFn: ({ pageParam }) => get<ItemsPage<MailRow>>(`/mail${qs({ state, limit: 50, cursor: pageParam })}`),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (p) => p.nextCursor ?? undefined,
    refetchInterval: (q) =>
      (q.state.data?.pages ?? []).some((p) =>
        itemsOf(p).some((m) => ['queued', 'sending', 'deferred'].includes(m.state)),
      )
        ? 10_000
        : false,
  });
  const rows = (list.data?.pages ?? []).flatMap((p) => itemsOf(p));
  const when = (v: string | null) => dateTime(v, i18n.language, me.tenant.timezone);
  return (
    <>
      <Select
        allowClear
        aria-label={t('mail.state')}
        prefix={<span className="filter-prefix">{`${t('mail.state')}${t('common.colon')}`}</span>}
        placeholder={t('common.all')}
        style={{ minWidth: 200, marginBottom: 12 }}
        value={state}
        onChange={setState}
        options={STATES.map((s) => ({ value: s, label: t(`mail.states.${s}`) }))}
        data-testid="mail-state"
      />
      {list.isError ? (
        <LoadError error={list.error} retry={() => list.refetch()} />
      ) : !list.isPending && rows.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('mail.empty')} data-testid="mail-empty" />
      ) : (
        <div data-testid="mail-table">
          <ResponsiveTable<MailRow>
            rowKey="id"
            rootClassName="engine-table"
            loading={list.isPending}
            dataSource={rows}
            columns={[
              { title: t('mail.created'), render: (_, m) => <span className="nowrap">{when(m.createdAt)}</span> },
              { title: t('mail.to'), render: (_, m) => <span style={{ overflowWrap: 'anywhere' }}>{m.to}</span> },
              { title: t('mail.subject'), dataIndex: 'subject' },
              { title: t('mail.kind'), render: (_, m) => <span className="nowrap">{kindText(m.kind)}</span> },
              {
                title: t('mail.state'),
                render: (_, m) => (
                  <Tag color={MAIL_STATE_COLOR[m.state] ?? 'default'}>{t(`mail.states.${m.state}`)}</Tag>
                ),
              },
              { title: t('mail.attempts'), dataIndex: 'attempts' },
              {
                title: t('mail.answer'),
                render: (_, m) =>
                  m.lastResponse ? (
                    <code style={{ fontSize: 12, overflowWrap: 'anywhere', whiteSpace: 'pre-wrap' }}>
                      {m.lastResponse}
                    </code>
                  ) : (
                    '—'
                  ),
              },
              { title: t('mail.sent'), render: (_, m) => <span className="nowrap">{when(m.sentAt)}</span> },
            ]}
          />
        </div>
      )}
      {list.hasNextPage && (
        <Button style={{ marginTop: 8 }} loading={list.isFetchingNextPage} onClick={() => list.fetchNextPage()}>
          {t('common.loadMore')}
        </Button>
      )}
    </>
  );
}
