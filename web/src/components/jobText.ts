import type { TFunction } from 'i18next';
import type { JobState, MailState } from '../api/types.ts';
import i18n from '../i18n/index.ts';

/** A job's human name ("Importing customers"); a job this build has no words for shows its raw name. */
export function jobLabel(name: string, t: TFunction): string {
  const key = `jobs.names.${name.replace(/[.-]/g, '_')}`;
  return name && i18n.exists(key) ? t(key) : name;
}

/** Tag colours by state: failed runs stand out, finished ones recede. */
export const JOB_STATE_COLOR: Record<JobState, string> = {
  queued: 'default',
  active: 'processing',
  retrying: 'warning',
  completed: 'success',
  dead: 'error',
  cancelled: 'default',
};
export const MAIL_STATE_COLOR: Record<MailState, string> = {
  queued: 'default',
  sending: 'processing',
  sent: 'success',
  deferred: 'warning',
  failed: 'error',
};

export const TERMINAL: ReadonlySet<JobState> = new Set(['completed', 'dead', 'cancelled']);

/** "about 3 minutes", in whole seconds, minutes or hours. */
export function duration(seconds: number, t: TFunction): string {
  if (seconds < 90) return t('jobs.seconds', { count: Math.max(1, Math.round(seconds)) });
  if (seconds < 90 * 60) return t('jobs.minutes', { count: Math.round(seconds / 60) });
  return t('jobs.hours', { count: Math.round(seconds / 3600) });
}
