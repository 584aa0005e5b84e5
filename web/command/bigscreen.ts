/**
 * Big-screen mode for 1920×1080 walls: the dashboard is laid out at exactly 1920×1080 and scaled to
 * the window, so a wall (or a projector at another resolution) shows the same picture.
 */
export function applyBigScreen(on: boolean) {
  document.body.classList.toggle('bigscreen', on);
  const scale = on ? Math.min(window.innerWidth / 1920, window.innerHeight / 1080) : 1;
  document.body.style.setProperty('--wall-scale', String(scale));
  if (on && document.fullscreenEnabled && !document.fullscreenElement) void document.documentElement.requestFullscreen().catch(() => {});
  if (!on && document.fullscreenElement) void document.exitFullscreen().catch(() => {});
}
