import { useInfiniteQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Empty, message, Radio, Space, Tabs, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { get, post, qs } from '../../api/client.ts';
import { errorText } from '../../api/errors.ts';
import { type ItemsPage, itemsOf, type JobRun } from '../../api/types.ts';
import { jobLabel, TERMINAL } from '../../components/jobText.ts';
import { LoadError } from '../../components/LoadError.tsx';
import { ResponsiveTable } from '../../components/ResponsiveTable.tsx';
import { dateTime } from '../../format.ts';
import { useMe } from '../../session.tsx';
import { MailLog } from './MailLog.tsx';
import { RunActions, RunDrawer, RunErrors, RunProgress, StateTag, useRunAction } from './RunDetail.tsx';

const FILTERS = ['all', 'failed', 'active'] as const;
type Filter = (typeof FILTERS)[number];

/**
 * Background jobs (owners and admins): the runs of this business's jobs with their state, progress and errors,
 * retry of a failed one and cancel of a waiting or running one; and the mail log beside them. The view, the
 * filter and an opened run are in the address (`?tab=jobs&view=mail`, `&state=failed`, `&run=<id>`), so a
 * "job failed" notification can link straight to its run.
 */
export function Jobs() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const view = params.get('view') === 'mail' ? 'mail' : 'runs';
  return (
    <Tabs
      activeKey={view}
      onChange={(v) => setParams({ tab: 'jobs', ...(v === 'mail' ? { view: 'mail' } : {}) }, { replace: true })}
      items={[
        { key: 'runs', label: t('jobs.runs'), children: <Runs /> },
        { key: 'mail', label: t('jobs.mail'), children: <MailLog /> },
      ]}
    />
  );
}

function Runs() {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const [params, setParams] = useSearchParams();
  const filter: Filter = FILTERS.includes(params.get('state') as Filter) ? (params.get('state') as Filter) : 'all';
  const opened = params.get('run');
  const setParam = (name: string, value: string | null) => {
    const next = new URLSearchParams(params);
    if (value) next.set(name, value);
    else next.delete(name);
    setParams(next, { replace: true });
  };
  const act = useRunAction();
  const client = useQueryClient();
  const [starting, setStarting] = useState(false);
  // The one job an owner starts by hand today; its run opens at once and follows its stream.
  const recompute = async () => {
    setStarting(true);
    try {
      const { jobId } = await post<{ jobId: string }>('/orders/recompute-figures');
      message.success(t('jobs.recomputeQueued'));
      await client.invalidateQueries({ queryKey: ['jobs'] });
      setParam('run', jobId);
    } catch (e) {
      message.error(errorText(e));
    } finally {
      setStarting(false);
    }
  };
  const list = useInfiniteQuery({
    queryKey: ['jobs', filter],
    queryFn: ({ pageParam }) => get<ItemsPage<JobRun>>(`/jobs${qs({ state: filter, limit: 50, cursor: pageParam })}`),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (p) => p.nextCursor ?? undefined,
    // While something runs or waits, the list follows it (an opened run follows its own stream).
    refetchInterval: (q) =>
      (q.state.data?.pages ?? []).some((p) => itemsOf(p).some((r) => !TERMINAL.has(r.state))) ? 5000 : false,
  });
  const runs = (list.data?.pages ?? []).flatMap((p) => itemsOf(p));
  const when = (v: string | null) => dateTime(v, i18n.language, me.tenant.timezone);
  const empty = { failed: 'jobs.emptyFailed', active: 'jobs.emptyActive', all: 'jobs.emptyAll' }[filter];
  return (
    <>
      <Space wrap style={{ marginBottom: 12 }}>
        <Radio.Group
          optionType="button"
          value={filter}
          onChange={(e) => setParam('state', e.target.value === 'all' ? null : e.target.value)}
          aria-label={t('jobs.filter')}
          data-testid="jobs-filter"
          options={FILTERS.map((f) => ({ value: f, label: t(`jobs.filters.${f}`) }))}
        />
        <Button onClick={recompute} loading={starting} data-testid="jobs-recompute">
          {t('jobs.recompute')}
        </Button>
      </Space>
      {list.isError ? (
        <LoadError error={list.error} retry={() => list.refetch()} />
      ) : !list.isPending && runs.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t(empty)} data-testid="jobs-empty" />
      ) : (
        <div data-testid="jobs-table">
          <ResponsiveTable<JobRun>
            rowKey="id"
            rootClassName="engine-table"
            loading={list.isPending}
            dataSource={runs}
            columns={[
              {
                title: t('jobs.name'),
                render: (_, r) => (
                  <>
                    <Button
                      type="link"
                      size="small"
                      style={{ padding: 0, height: 'auto', textAlign: 'left', whiteSpace: 'normal' }}
                      onClick={() => setParam('run', r.id)}
                    >
                      {jobLabel(r.name, t)}
                    </Button>
                    {r.cronName && (
                      <Tag bordered={false} style={{ marginLeft: 6 }}>
                        {t('jobs.scheduled')}
                      </Tag>
                    )}
                  </>
                ),
              },
              { title: t('jobs.state'), render: (_, r) => <StateTag run={r} /> },
              { title: t('jobs.attempts'), render: (_, r) => r.attempt },
              { title: t('jobs.started'), render: (_, r) => <span className="nowrap">{when(r.startedAt)}</span> },
              { title: t('jobs.finished'), render: (_, r) => <span className="nowrap">{when(r.finishedAt)}</span> },
              {
                title: t('jobs.progress'),
                render: (_, r) => (r.state === 'active' || r.done > 0 ? <RunProgress run={r} /> : '—'),
              },
              { title: t('jobs.error'), render: (_, r) => <RunErrors run={r} /> },
              { title: t('common.actions'), render: (_, r) => <RunActions run={r} act={act} /> },
            ]}
          />
        </div>
      )}
      {list.hasNextPage && (
        <Button style={{ marginTop: 8 }} loading={list.isFetchingNextPage} onClick={() => list.fetchNextPage()}>
          {t('common.loadMore')}
        </Button>
      )}
      <RunDrawer id={opened} close={() => setParam('run', null)} act={act} />
    </>
  );
}
