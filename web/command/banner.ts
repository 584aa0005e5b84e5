/**
 * The failure banner: a request that failed shows what failed and a retry button at the top of the
 * dashboard instead of leaving blank boxes. One banner; the newest failure replaces an older one.
 */
import { el } from '../kit/dom.ts';
import { m } from './i18n.ts';

/**
 * Shows the banner with the error's message; the button hides it and runs `retry`.
 *
 * @example
 * refresh().catch((error) => showBanner(host, error, refresh));
 */
export function showBanner(host: HTMLElement, error: unknown, retry: () => void) {
  const t = m();
  const detail = error instanceof Error && error.message ? error.message : String(error);
  host.hidden = false;
  host.replaceChildren(
    el('span', { class: 'banner-text' }, `${t.loadFailed}：${detail}`),
    el(
      'button',
      {
        type: 'button',
        class: 'retry',
        onclick: () => {
          hideBanner(host);
          retry();
        },
      },
      t.retry,
    ),
  );
}

/** Hides the banner (after a successful load). */
export function hideBanner(host: HTMLElement) {
  host.hidden = true;
  host.replaceChildren();
}
