import { useQueryClient } from '@tanstack/react-query';
import { Button, List, Tag } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { post } from '../api/client.ts';
import type { Task } from '../api/types.ts';
import { dateTime } from '../format.ts';
import { useMe } from '../session.tsx';

/** Tasks with a one-tap done / undo (and whose they are, in a team view). */
export function TaskList({ tasks, empty, showAssignee }: { tasks: Task[]; empty?: ReactNode; showAssignee?: boolean }) {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const client = useQueryClient();
  const toggle = async (task: Task) => {
    await post(`/tasks/${task.id}/${task.doneAt ? 'reopen' : 'complete'}`);
    await Promise.all(['my-day', 'tasks', 'customer'].map((k) => client.invalidateQueries({ queryKey: [k] })));
  };
  return (
    <List
      dataSource={tasks}
      locale={{ emptyText: empty ?? t('common.noData') }}
      renderItem={(task) => (
        <List.Item
          data-testid="task-item"
          actions={[
            <Button
              key="done"
              size="small"
              type={task.doneAt ? 'default' : 'primary'}
              onClick={() => toggle(task)}
              aria-label={`${task.doneAt ? t('tasks.reopen') : t('tasks.complete')}: ${task.title}`}
            >
              {task.doneAt ? t('tasks.reopen') : t('tasks.complete')}
            </Button>,
          ]}
        >
          <List.Item.Meta
            title={
              <span style={{ textDecoration: task.doneAt ? 'line-through' : undefined }}>
                {task.title} {task.priority === 'high' && <Tag color="red">{t('tasks.priorities.high')}</Tag>}
              </span>
            }
            description={
              <>
                {dateTime(task.dueAt, i18n.language, me.tenant.timezone)}
                {showAssignee && task.assigneeName && (
                  <>
                    {t('common.listSeparator')}
                    {task.assigneeName}
                  </>
                )}
                {task.customerId && (
                  <>
                    {' · '}
                    <Link to={`/customers/${task.customerId}`}>{task.customerName}</Link>
                  </>
                )}
              </>
            }
          />
        </List.Item>
      )}
    />
  );
}
