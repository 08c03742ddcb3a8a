/**
 * Screen readers hear what sighted users see pop up: toasts (antd message/notification) and form errors are drawn
 * by antd without a live region, so one observer copies their text into two visually hidden live regions —
 * errors assertive, the rest polite. One place, so no form or toast has to remember it.
 */
const ERROR = '.ant-form-item-explain-error, .ant-message-error, .ant-notification-notice-error';
const NOTICE = '.ant-message-notice-content, .ant-notification-notice-message';

function region(level: 'polite' | 'assertive'): HTMLElement {
  const el = document.createElement('div');
  el.className = 'sr-only';
  el.setAttribute('aria-live', level);
  el.setAttribute('aria-atomic', 'true');
  el.dataset.testid = `live-${level}`;
  document.body.append(el);
  return el;
}

export function startAnnouncer(): void {
  const polite = region('polite');
  const assertive = region('assertive');
  const say = (el: HTMLElement, text: string) => {
    // Emptied first so the same sentence twice in a row is announced twice.
    el.textContent = '';
    setTimeout(() => {
      el.textContent = text;
    }, 50);
  };
  new MutationObserver((records) => {
    for (const r of records)
      for (const n of r.addedNodes) {
        if (!(n instanceof HTMLElement) || n.closest('[aria-live]')) continue;
        const hits = [n, ...n.querySelectorAll<HTMLElement>(`${ERROR}, ${NOTICE}`)].filter((x) =>
          x.matches(`${ERROR}, ${NOTICE}`),
        );
        for (const h of hits) {
          const text = h.textContent?.trim();
          if (text) say(h.matches(ERROR) || h.closest(ERROR) ? assertive : polite, text);
        }
      }
  }).observe(document.body, { childList: true, subtree: true });
}
