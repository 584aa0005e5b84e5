/**
 * Position sharing while on duty: the phone's position goes to `POST /api/field/position` at most every
 * 30 s (the server refuses more often than every 25 s), and only while the page is visible (Page
 * Visibility: a pocketed phone or another app stops it; coming back resumes). The worker sees that it
 * happens ("正在共享位置") and can stop it, which also tells the server (`DELETE`: off duty).
 */
import { el } from '../kit/dom.ts';
import { ApiRequestError } from '../kit/http.ts';
import { api } from './api.ts';
import { m } from './i18n.ts';

const ON_DUTY_KEY = 'pingan.field.onDuty';
export const SHARE_INTERVAL_MS = 30_000;

/**
 * The sharing controller drawing its status line into `host`; `start()` once signed in as a worker.
 *
 * @example
 * const sharing = positionSharing($('position')); sharing.start();
 */
export function positionSharing(host: HTMLElement) {
  let onDuty = localStorage.getItem(ON_DUTY_KEY) !== 'off';
  let watch: number | undefined;
  let timer: ReturnType<typeof setInterval> | undefined;
  let lastFix: GeolocationPosition | undefined;
  let lastSent = 0;
  let problem = '';
  let active = false;

  const render = () => {
    const t = m().position;
    host.replaceChildren(
      el(
        'div',
        { class: `position-share ${onDuty ? 'on' : 'off'}`, id: 'position-share', 'data-sharing': String(onDuty && active) },
        el('span', { id: 'position-status' }, onDuty ? problem || t.sharing : t.off),
        el(
          'button',
          { type: 'button', id: onDuty ? 'position-stop' : 'position-start', onclick: () => void (onDuty ? stop() : resume()) },
          onDuty ? t.stop : t.start,
        ),
      ),
    );
  };

  const send = async () => {
    if (!onDuty || !lastFix || document.hidden || !navigator.onLine) return;
    if (Date.now() - lastSent < SHARE_INTERVAL_MS - 1000) return;
    lastSent = Date.now();
    try {
      await api.sharePosition(lastFix.coords.longitude, lastFix.coords.latitude, lastFix.coords.accuracy);
      problem = '';
    } catch (error) {
      // too_frequent (another tab shared) is not a problem worth showing
      problem = error instanceof ApiRequestError && error.status === 429 ? '' : m().position.failed;
    }
    render();
  };

  const begin = () => {
    if (!onDuty || document.hidden || watch !== undefined || !('geolocation' in navigator)) return;
    active = true;
    watch = navigator.geolocation.watchPosition(
      (fix) => {
        const first = !lastFix;
        lastFix = fix;
        if (first) void send();
      },
      () => {
        problem = m().position.denied;
        render();
      },
      { enableHighAccuracy: true, maximumAge: 20_000 },
    );
    timer = setInterval(() => void send(), SHARE_INTERVAL_MS);
    render();
  };
  const pause = () => {
    if (watch !== undefined) navigator.geolocation.clearWatch(watch);
    if (timer) clearInterval(timer);
    watch = timer = undefined;
    active = false;
  };
  const stop = async () => {
    onDuty = false;
    localStorage.setItem(ON_DUTY_KEY, 'off');
    pause();
    render();
    await api.stopSharing().catch(() => undefined); // offline: the server forgets stale positions by itself
  };
  const resume = () => {
    onDuty = true;
    localStorage.setItem(ON_DUTY_KEY, 'on');
    lastSent = 0;
    begin();
    render();
  };

  document.addEventListener('visibilitychange', () => {
    if (document.hidden) pause();
    else if (active === false && host.isConnected) {
      lastSent = 0;
      begin();
    }
  });
  return {
    start: () => (begin(), render()),
    render,
    get sharing() {
      return onDuty && active;
    },
  };
}
