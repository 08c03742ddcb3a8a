import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Descriptions, Drawer, message, Popconfirm, Progress, Space, Tag } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { get, post } from '../../api/client.ts';
import { errorText } from '../../api/errors.ts';
import type { JobRun } from '../../api/types.ts';
import { duration, JOB_STATE_COLOR, jobLabel, TERMINAL } from '../../components/jobText.ts';
import { LoadError } from '../../components/LoadError.tsx';
import { dateTime, number } from '../../format.ts';
import { useIsPhone, useUsers } from '../../hooks.ts';
import { useMe } from '../../session.tsx';

/** Writes to a run (retry, cancel), with the list and the opened run refreshed after. */
export function useRunAction() {
  const { t } = useTranslation();
  const client = useQueryClient();
  return async (run: JobRun, action: 'retry' | 'cancel') => {
    try {
      const next = await post<JobRun>(`/jobs/${run.id}/${action}`);
      if (next?.id) client.setQueryData(['job', run.id], next);
      message.success(action === 'retry' ? t('jobs.retried') : t('jobs.cancelRequested'));
    } catch (e) {
      message.error(errorText(e));
    }
    await client.invalidateQueries({ queryKey: ['jobs'] });
    await client.invalidateQueries({ queryKey: ['job', run.id] });
  };
}

export const cancellable = (r: JobRun) => !TERMINAL.has(r.state) && !r.cancelRequested;

/** Retry on a failed run, cancel on one that has not finished. */
export function RunActions({ run, act }: { run: JobRun; act: ReturnType<typeof useRunAction> }) {
  const { t } = useTranslation();
  return (
    <Space wrap size={4}>
      {run.state === 'dead' && (
        <Button size="small" type="primary" onClick={() => act(run, 'retry')} data-testid="job-retry">
          {t('jobs.retry')}
        </Button>
      )}
      {cancellable(run) && (
        <Popconfirm
          title={t('jobs.cancelAsk')}
          okText={t('common.yes')}
          cancelText={t('common.no')}
          onConfirm={() => act(run, 'cancel')}
        >
          <Button size="small" danger data-testid="job-cancel">
            {t('jobs.cancel')}
          </Button>
        </Popconfirm>
      )}
    </Space>
  );
}

/** The state as a coloured tag, "cancelling" while a cancel waits for the run to notice. */
export function StateTag({ run }: { run: JobRun }) {
  const { t } = useTranslation();
  if (run.cancelRequested && !TERMINAL.has(run.state)) return <Tag color="warning">{t('jobs.cancelling')}</Tag>;
  return <Tag color={JOB_STATE_COLOR[run.state] ?? 'default'}>{t(`jobs.states.${run.state}`)}</Tag>;
}

/** Done of total as a bar (a count when the total is unknown), with the rate and the time left while it runs. */
export function RunProgress({ run }: { run: JobRun }) {
  const { t, i18n } = useTranslation();
  const n = (v: number) => number(v, i18n.language);
  const running = run.state === 'active';
  const of = run.total
    ? t('jobs.doneOf', { done: n(run.done), total: n(run.total) })
    : t('jobs.doneCount', { count: run.done });
  const pace = [
    running && run.rate ? t('jobs.rate', { rate: n(run.rate) }) : null,
    running && run.eta !== null ? t('jobs.eta', { time: duration(run.eta, t) }) : null,
  ].filter(Boolean);
  return (
    <div style={{ minWidth: 140 }} data-testid="job-progress">
      {run.total ? (
        <Progress
          percent={Math.min(100, Math.floor((run.done / run.total) * 100))}
          size="small"
          status={run.state === 'dead' ? 'exception' : running ? 'active' : undefined}
          aria-label={`${t('jobs.progress')}${t('common.colon')}${of}`}
          showInfo={false}
        />
      ) : null}
      <div className="muted" style={{ fontSize: 12 }}>
        {[of, ...pace].join(t('common.listSeparator'))}
      </div>
    </div>
  );
}

const firstLine = (s: string) => {
  const line = s.split('\n')[0] ?? '';
  return line.length > 120 ? `${line.slice(0, 117)}…` : line;
};
const itemText = (item: unknown) => {
  if (item === undefined || item === null) return '';
  // `{ row: 17 }` reads as "row 17"; anything else as the job gave it.
  const s =
    typeof item === 'object' && !Array.isArray(item)
      ? Object.entries(item as Record<string, unknown>)
          .map(([k, v]) => `${k} ${typeof v === 'object' ? JSON.stringify(v) : String(v)}`)
          .join(', ')
      : typeof item === 'string'
        ? item
        : JSON.stringify(item);
  return s.length > 80 ? `${s.slice(0, 77)}…` : s;
};

/**
 * The run's own failure (its first line; all of it on request) and its item errors (how many, and the first
 * ones kept). The messages are the server's, as the job wrote them.
 */
export function RunErrors({
  run,
  open: startOpen = false,
  shown = 3,
}: {
  run: JobRun;
  open?: boolean;
  shown?: number;
}) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(startOpen);
  const items = run.errors?.items ?? [];
  const count = run.errors?.count ?? 0;
  if (!run.lastError && !count) return <>—</>;
  const long = !!run.lastError && (run.lastError.includes('\n') || run.lastError.length > 120);
  return (
    <div style={{ maxWidth: 420 }} data-testid="job-errors">
      {run.lastError && (
        <div className="job-error-line" style={{ overflowWrap: 'anywhere' }}>
          {open && long ? <pre className="job-error">{run.lastError}</pre> : firstLine(run.lastError)}
        </div>
      )}
      {count > 0 && (
        <div>
          <Tag color="warning" style={{ marginTop: 4 }}>
            {t('jobs.itemErrors', { count })}
          </Tag>
          {open && (
            <ul className="job-item-errors" style={{ margin: '4px 0 0', paddingInlineStart: 18, fontSize: 12 }}>
              {items.slice(0, shown).map((e, i) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: the kept errors are a fixed list in run order
                <li key={i} style={{ overflowWrap: 'anywhere' }}>
                  {e.item !== undefined && <span className="muted">{`${itemText(e.item)}${t('common.colon')}`}</span>}
                  {e.message}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
      {(long || count > 0) && !startOpen && (
        <Button
          type="link"
          size="small"
          style={{ padding: 0 }}
          aria-expanded={open}
          onClick={() => setOpen((o) => !o)}
          data-testid="job-error-toggle"
        >
          {open ? t('jobs.hideError') : t('jobs.showError')}
        </Button>
      )}
    </div>
  );
}

/**
 * One run, followed live: its server-sent events (`progress` with the run, then `end`) while it has not finished,
 * or — where EventSource is missing or the stream breaks — a poll every 2 s.
 */
function useLiveRun(id: string | null) {
  const client = useQueryClient();
  const [streaming, setStreaming] = useState(false);
  const [failed, setFailed] = useState(false);
  const run = useQuery({
    queryKey: ['job', id],
    queryFn: () => get<JobRun>(`/jobs/${id}`),
    enabled: !!id,
    refetchInterval: (q) => (!streaming && q.state.data && !TERMINAL.has(q.state.data.state) ? 2000 : false),
  });
  const finished = !run.data || TERMINAL.has(run.data.state);
  useEffect(() => {
    if (!id || finished || failed || typeof EventSource === 'undefined') return;
    const es = new EventSource(`/api/v1/jobs/${id}/stream`, { withCredentials: true });
    es.onopen = () => setStreaming(true);
    es.addEventListener('progress', (e) => {
      try {
        client.setQueryData(['job', id], JSON.parse((e as MessageEvent<string>).data) as JobRun);
      } catch {}
    });
    es.addEventListener('end', () => {
      es.close();
      setStreaming(false);
      void client.invalidateQueries({ queryKey: ['jobs'] });
      void client.invalidateQueries({ queryKey: ['job', id] });
    });
    // EventSource would reconnect for ever; polling is the fallback instead.
    es.onerror = () => {
      es.close();
      setStreaming(false);
      setFailed(true);
    };
    return () => {
      es.close();
      setStreaming(false);
    };
  }, [id, finished, failed, client]);
  return { ...run, streaming };
}

/** An opened run: what it is, who started it, its progress live, all its errors, and what can be done with it. */
export function RunDrawer({
  id,
  close,
  act,
}: {
  id: string | null;
  close: () => void;
  act: ReturnType<typeof useRunAction>;
}) {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const phone = useIsPhone();
  const users = useUsers();
  const run = useLiveRun(id);
  const r = run.data;
  const when = (v: string | null) => dateTime(v, i18n.language, me.tenant.timezone);
  const by = (uid: string | null) =>
    uid ? (users.data?.data.find((u) => u.id === uid)?.name ?? '—') : t('audit.system');
  return (
    <Drawer
      open={!!id}
      onClose={close}
      width={phone ? '100%' : 560}
      title={r ? jobLabel(r.name, t) : t('jobs.details')}
      data-testid="job-drawer"
      extra={run.streaming ? <Tag color="processing">{t('jobs.live')}</Tag> : null}
    >
      {run.isError ? (
        <LoadError error={run.error} retry={() => run.refetch()} />
      ) : r ? (
        <>
          <Descriptions
            column={1}
            size="small"
            bordered
            styles={{ label: { whiteSpace: 'nowrap' } }}
            items={[
              { key: 'state', label: t('jobs.state'), children: <StateTag run={r} /> },
              { key: 'attempts', label: t('jobs.attempts'), children: r.attempt },
              ...(r.done > 0 || r.total
                ? [{ key: 'progress', label: t('jobs.progress'), children: <RunProgress run={r} /> }]
                : []),
              { key: 'created', label: t('jobs.created'), children: when(r.createdAt) },
              { key: 'started', label: t('jobs.started'), children: when(r.startedAt) },
              { key: 'finished', label: t('jobs.finished'), children: when(r.finishedAt) },
              {
                key: 'by',
                label: t('jobs.startedBy'),
                children: r.cronName ? t('jobs.scheduled') : by(r.createdBy),
              },
              { key: 'error', label: t('jobs.error'), children: <RunErrors run={r} open shown={100} /> },
            ]}
          />
          <div style={{ marginTop: 16 }}>
            <RunActions run={r} act={act} />
          </div>
        </>
      ) : null}
    </Drawer>
  );
}
