/**
 * Installable and usable offline: registers the service worker (web/public/field/sw.js, scope
 * /field/), which caches the app shell and recently viewed tiles.
 */
export async function registerServiceWorker(): Promise<ServiceWorkerRegistration | undefined> {
  if (!('serviceWorker' in navigator)) return undefined;
  try {
    return await navigator.serviceWorker.register('/field/sw.js', { scope: '/field/' });
  } catch (error) {
    console.warn('service worker not registered', error);
    return undefined;
  }
}
