import i18n from '../i18n/index.ts';

/**
 * antd draws icons as `<span role="img" aria-label="close-circle">` and puts a few English names of its own on
 * controls ("Increase Value", "segmented control", "Close"): a screen reader reads them, in English, on a Chinese
 * or Japanese screen. One observer fixes them where they appear: decorative icons are hidden from the
 * accessibility tree, icon-only clear buttons are named "clear" in the user's language, and antd's fixed English
 * names are translated (again on each change of language).
 */
const LABELS: Record<string, string> = {
  'Increase Value': 'a11y.increase',
  'Decrease Value': 'a11y.decrease',
  'segmented control': 'a11y.choices',
  Close: 'common.close',
  'Select all': 'common.selectAll',
  search: 'common.search',
};
const CLEAR = '.ant-input-clear-icon, .ant-select-clear, .ant-picker-clear, .ant-input-number-clear-icon';

function fix(root: Element) {
  for (const el of root.querySelectorAll<HTMLElement>('[aria-label]')) {
    const key = el.dataset.a11yKey ?? LABELS[el.getAttribute('aria-label') ?? ''];
    if (!key) continue;
    el.dataset.a11yKey = key;
    // antd's notification close is a bare element: a name needs a role to be allowed (and heard).
    if (!el.getAttribute('role') && !el.matches('button, a[href], input, select, textarea'))
      el.setAttribute('role', 'button');
    const text = i18n.t(key);
    if (el.getAttribute('aria-label') !== text) el.setAttribute('aria-label', text);
  }
  for (const el of root.querySelectorAll<HTMLElement>(CLEAR)) {
    el.dataset.a11yKey = 'common.clear';
    el.setAttribute('aria-label', i18n.t('common.clear'));
  }
  for (const icon of root.querySelectorAll<HTMLElement>('.anticon[role="img"]:not([aria-hidden])')) {
    // An icon is a picture of what its control (or the message beside it) already says in words.
    icon.setAttribute('aria-hidden', 'true');
  }
}

export function startAntdA11y(): void {
  fix(document.body);
  new MutationObserver((records) => {
    for (const r of records) for (const n of r.addedNodes) if (n instanceof Element) fix(n.parentElement ?? n);
  }).observe(document.body, { childList: true, subtree: true });
  i18n.on('languageChanged', () => fix(document.body));
}
