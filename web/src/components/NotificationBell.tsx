import { BellOutlined } from '@ant-design/icons';
import { type InfiniteData, useInfiniteQuery, useQuery, useQueryClient } from '@tanstack/react-query';
import { Badge, Button, Drawer, Empty, List, message, Radio, Spin } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { ApiError, get, post, qs } from '../api/client.ts';
import { errorText } from '../api/errors.ts';
import { type AppNotification, itemsOf, type NotificationPage } from '../api/types.ts';
import { dateTime } from '../format.ts';
import { useIsPhone } from '../hooks.ts';
import { useMe } from '../session.tsx';
import { LoadError } from './LoadError.tsx';
import { notificationText } from './notificationText.ts';

const COUNT = ['notifications', 'count'];
const LIST = ['notifications', 'list'];
/** A server without the notifications API (an older build) answers 404: the bell then simply shows nothing. */
const missing = (e: unknown) => e instanceof ApiError && e.status === 404;

/**
 * The bell in the header: the unread count (asked every 30 s and when the window regains focus) and a drawer
 * with the notifications, newest first. Opening one marks it read and goes where it points. A drawer rather
 * than a popover, so that it is usable at 390 px.
 */
export function NotificationBell() {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const client = useQueryClient();
  const count = useQuery({
    queryKey: COUNT,
    queryFn: () => get<{ unread: number }>('/notifications/unread-count'),
    refetchInterval: 30_000,
    refetchOnWindowFocus: true,
    retry: (n, e) => !missing(e) && n < 1,
  });
  const unread = count.data?.unread ?? 0;
  const phone = useIsPhone();
  return (
    <>
      <Button
        type="text"
        className="no-print bell"
        data-testid="bell"
        aria-haspopup="dialog"
        aria-expanded={open}
        onClick={() => {
          setOpen(true);
          void client.invalidateQueries({ queryKey: LIST });
        }}
      >
        {/* Named by its text ("通知（1条未读）"), the badge being its picture: an aria-label would not contain the
            badge's digits as axe reads them (label-content-name-mismatch). */}
        <span aria-hidden>
          <Badge count={unread} size="small" overflowCount={99}>
            <BellOutlined style={{ fontSize: 18 }} />
          </Badge>
        </span>
        <span className="sr-only">
          {unread ? t('notifications.bell', { count: unread }) : t('notifications.bellNone')}
        </span>
      </Button>
      <Drawer
        open={open}
        onClose={() => setOpen(false)}
        title={t('notifications.title')}
        width={phone ? '100%' : 420}
        destroyOnHidden
        data-testid="notifications"
        styles={{ body: { padding: '8px 16px' } }}
      >
        <Notifications close={() => setOpen(false)} hasUnread={unread > 0} />
      </Drawer>
    </>
  );
}

function Notifications({ close, hasUnread }: { close: () => void; hasUnread: boolean }) {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const navigate = useNavigate();
  const client = useQueryClient();
  const [onlyUnread, setOnlyUnread] = useState(false);
  const key = [...LIST, onlyUnread];
  const list = useInfiniteQuery({
    queryKey: key,
    queryFn: async ({ pageParam }) => {
      const page = await get<NotificationPage>(
        `/notifications${qs({ limit: 20, cursor: pageParam, unread: onlyUnread || undefined })}`,
      );
      // The list says how many are unread: the bell's count follows without waiting for its next poll.
      if (typeof page.unread === 'number') client.setQueryData(COUNT, { unread: page.unread });
      return page;
    },
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (p) => p.nextCursor ?? undefined,
    retry: (n, e) => !missing(e) && n < 1,
  });
  const items = (list.data?.pages ?? []).flatMap((p) => itemsOf(p));

  /** Marks one read in every cached list and the count at once; the server confirms in the background. */
  const markLocally = (id: string | null) => {
    const at = new Date().toISOString();
    client.setQueriesData<InfiniteData<NotificationPage>>({ queryKey: LIST }, (data) =>
      data
        ? {
            ...data,
            pages: data.pages.map((p) => ({
              ...p,
              items: itemsOf(p).map((n) => (n.readAt || (id && n.id !== id) ? n : { ...n, readAt: at })),
              data: undefined,
            })),
          }
        : data,
    );
    client.setQueryData<{ unread: number }>(COUNT, (c) => (c ? { unread: id ? Math.max(0, c.unread - 1) : 0 } : c));
  };
  const refresh = () => client.invalidateQueries({ queryKey: ['notifications'] });

  const openItem = (n: AppNotification) => {
    if (!n.readAt) {
      markLocally(n.id);
      post(`/notifications/${n.id}/read`)
        .catch((e) => message.error(errorText(e)))
        .finally(refresh);
    }
    if (n.link?.startsWith('/')) {
      close();
      navigate(n.link);
    }
  };
  const markAll = async () => {
    markLocally(null);
    try {
      await post('/notifications/read-all');
      message.success(t('notifications.allRead'));
    } catch (e) {
      message.error(errorText(e));
    }
    await refresh();
  };

  return (
    <>
      <div className="notifications-bar">
        <Radio.Group
          size="small"
          optionType="button"
          value={onlyUnread ? 'unread' : 'all'}
          onChange={(e) => setOnlyUnread(e.target.value === 'unread')}
          aria-label={t('notifications.show')}
          options={[
            { value: 'all', label: t('notifications.all') },
            { value: 'unread', label: t('notifications.unread') },
          ]}
        />
        <Button size="small" onClick={markAll} disabled={!hasUnread} data-testid="mark-all-read">
          {t('notifications.markAllRead')}
        </Button>
      </div>
      {list.isPending ? (
        <Spin style={{ display: 'block', margin: 24 }} />
      ) : list.isError && !missing(list.error) ? (
        <LoadError error={list.error} retry={() => list.refetch()} />
      ) : items.length === 0 ? (
        <Empty
          image={Empty.PRESENTED_IMAGE_SIMPLE}
          data-testid="notifications-empty"
          description={
            <>
              <div>{onlyUnread ? t('notifications.emptyUnread') : t('notifications.empty')}</div>
              {!onlyUnread && <div className="muted">{t('notifications.emptyHint')}</div>}
            </>
          }
        />
      ) : (
        <List
          dataSource={items}
          className="notification-list"
          renderItem={(n) => {
            const text = notificationText(n, t);
            const when = dateTime(n.createdAt, i18n.language, me.tenant.timezone);
            const body = (
              <>
                <span className="notification-text">
                  {!n.readAt && (
                    <span className="sr-only">{`${t('notifications.unreadMark')}${t('common.colon')}`}</span>
                  )}
                  {text}
                </span>
                <span className="muted notification-when">{when}</span>
              </>
            );
            return (
              <List.Item
                key={n.id}
                data-testid="notification"
                data-unread={n.readAt ? undefined : 'true'}
                className={n.readAt ? 'notification' : 'notification unread'}
              >
                {n.link?.startsWith('/') ? (
                  <a
                    href={n.link}
                    onClick={(e) => {
                      if (e.metaKey || e.ctrlKey || e.shiftKey) return;
                      e.preventDefault();
                      openItem(n);
                    }}
                  >
                    {body}
                  </a>
                ) : (
                  <button type="button" onClick={() => openItem(n)}>
                    {body}
                  </button>
                )}
              </List.Item>
            );
          }}
        />
      )}
      {list.hasNextPage && (
        <Button block style={{ marginTop: 8 }} loading={list.isFetchingNextPage} onClick={() => list.fetchNextPage()}>
          {t('common.loadMore')}
        </Button>
      )}
    </>
  );
}
