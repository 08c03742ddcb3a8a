/**
 * The notification kinds and their sentences for e-mail (the web app has its own copy for the bell, keyed the
 * same). Params are filled in by name; a missing one shows as "—".
 */
export const KINDS = {
  'task.assigned': { emailDefault: true },
  'customer.assigned': { emailDefault: false },
  'job.failed': { emailDefault: true },
  'job.completed': { emailDefault: false },
} as const;
export type NotificationKind = keyof typeof KINDS;
export const KIND_NAMES = Object.keys(KINDS) as [NotificationKind, ...NotificationKind[]];

type Lang = 'zh-CN' | 'ja' | 'en';
const TEXT: Record<NotificationKind, Record<Lang, { subject: string; body: string }>> = {
  'task.assigned': {
    'zh-CN': { subject: '新任务：{title}', body: '{actorName} 给您分配了任务“{title}”。' },
    ja: { subject: '新しいタスク：{title}', body: '{actorName}さんからタスク「{title}」が割り当てられました。' },
    en: { subject: 'New task: {title}', body: '{actorName} assigned you the task "{title}".' },
  },
  'customer.assigned': {
    'zh-CN': { subject: '客户移交：{customerName}', body: '{actorName} 把客户“{customerName}”交给了您。' },
    ja: {
      subject: '顧客の引き継ぎ：{customerName}',
      body: '{actorName}さんから顧客「{customerName}」を引き継ぎました。',
    },
    en: {
      subject: 'Customer handed over: {customerName}',
      body: '{actorName} handed the customer "{customerName}" over to you.',
    },
  },
  'job.failed': {
    'zh-CN': { subject: '后台任务失败：{jobName}', body: '后台任务“{jobName}”多次重试后仍然失败：{error}' },
    ja: {
      subject: 'バックグラウンド処理の失敗：{jobName}',
      body: 'バックグラウンド処理「{jobName}」は再試行後も失敗しました：{error}',
    },
    en: {
      subject: 'Background job failed: {jobName}',
      body: 'The background job "{jobName}" failed after its retries: {error}',
    },
  },
  'job.completed': {
    'zh-CN': { subject: '后台任务完成：{jobName}', body: '您启动的后台任务“{jobName}”已完成。' },
    ja: {
      subject: 'バックグラウンド処理の完了：{jobName}',
      body: '開始したバックグラウンド処理「{jobName}」が完了しました。',
    },
    en: {
      subject: 'Background job finished: {jobName}',
      body: 'The background job "{jobName}" you started has finished.',
    },
  },
};

const lang = (locale: string | null | undefined): Lang =>
  locale?.startsWith('zh') ? 'zh-CN' : locale?.startsWith('ja') ? 'ja' : 'en';

export function render(
  kind: NotificationKind,
  params: Record<string, unknown>,
  locale: string | null | undefined,
): { subject: string; body: string } {
  const t = TEXT[kind][lang(locale)];
  const fill = (s: string) => s.replace(/\{(\w+)\}/g, (_, k: string) => String(params[k] ?? '—'));
  return { subject: fill(t.subject), body: fill(t.body) };
}
