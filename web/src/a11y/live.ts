/**
 * Screen readers hear what sighted users see pop up: toasts (antd message/notification) and form errors are drawn
 * by antd without a live region, so one observer copies their text into two visually hidden live regions —
 * errors assertive, the rest polite. One place, so no form or toast has to remember it.
 */
const ERROR = '.ant-form-item-explain-error, .ant-message-error, .ant-notification-notice-error';
const NOTICE = '.ant-message-notice-content, .ant-notification-notice-message';

/**
 * A live region inside a closed shadow root: screen readers hear it, but page text searches (a test's getByText,
 * the browser's find) do not find each toast twice. `data-said` keeps the last sentence for tests.
 */
function region(level: 'polite' | 'assertive'): { host: HTMLElement; live: HTMLElement } {
  const host = document.createElement('div');
  host.className = 'sr-only';
  host.dataset.testid = `live-${level}`;
  const live = document.createElement('div');
  live.setAttribute('aria-live', level);
  live.setAttribute('aria-atomic', 'true');
  host.attachShadow({ mode: 'closed' }).append(live);
  document.body.append(host);
  return { host, live };
}

export function startAnnouncer(): void {
  const polite = region('polite');
  const assertive = region('assertive');
  const say = (r: { host: HTMLElement; live: HTMLElement }, text: string) => {
    // Emptied first so the same sentence twice in a row is announced twice.
    r.live.textContent = '';
    setTimeout(() => {
      r.live.textContent = text;
      r.host.dataset.said = text;
    }, 50);
  };
  new MutationObserver((records) => {
    for (const r of records)
      for (const n of r.addedNodes) {
        if (!(n instanceof HTMLElement) || n.closest('[data-testid^="live-"]')) continue;
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
