import type { TFunction } from 'i18next';
import type { AppNotification } from '../api/types.ts';
import { jobLabel } from './jobText.ts';

const str = (v: unknown) => (typeof v === 'string' && v.trim() ? v : undefined);

/**
 * A notification as one sentence in the user's language, built from its kind and params (the server sends no
 * text: a Chinese colleague's action reads in Japanese on a Japanese screen). A kind this build does not know
 * yet gets a plain "you have a new notification", never its code.
 */
export function notificationText(n: AppNotification, t: TFunction): string {
  const p = n.params ?? {};
  const actorName = str(p.actorName) ?? t('notifications.someone');
  switch (n.kind) {
    case 'task.assigned': {
      const customerName = str(p.customerName);
      const title = str(p.title) ?? '';
      return customerName
        ? t('notifications.text.task_assigned_customer', { actorName, title, customerName })
        : t('notifications.text.task_assigned', { actorName, title });
    }
    case 'customer.assigned':
      return t('notifications.text.customer_assigned', { actorName, customerName: str(p.customerName) ?? '' });
    case 'job.failed':
      return t('notifications.text.job_failed', { jobName: jobLabel(str(p.jobName) ?? '', t) });
    case 'job.completed':
      return t('notifications.text.job_completed', { jobName: jobLabel(str(p.jobName) ?? '', t) });
    default:
      return t('notifications.text.other');
  }
}

/** The kinds a user may also receive by e-mail, in the order the settings list them. */
export const NOTIFICATION_KINDS = ['task.assigned', 'customer.assigned', 'job.failed', 'job.completed'];

/** A kind's name in the settings ("A task is assigned to me"); an unknown kind shows its code. */
export const kindLabel = (kind: string, t: TFunction, exists: (k: string) => boolean) => {
  const key = `notifications.kinds.${kind.replace(/\./g, '_')}`;
  return exists(key) ? t(key) : kind;
};
