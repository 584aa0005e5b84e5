/**
 * The report form: category (and dispute type), description, optional photo, and the position from GPS
 * or the pin. Before submitting it shows open incidents of the same category within 50 m (possible
 * duplicates, in any area). Online, a position outside the city is refused before anything is queued;
 * otherwise submitting only stores the report (and its photo) in the queue; the queue sends them.
 */
import { el } from '../kit/dom.ts';
import { currentLang } from '../kit/i18n.ts';
import { ApiRequestError } from '../kit/http.ts';
import type { FieldCategories } from '../../core/contracts/field.ts';
import type { LonLat } from '../../core/contracts/field-coords.ts';
import { api } from './api.ts';
import { distance, m } from './i18n.ts';
import { shrinkPhoto } from './photo.ts';
import { enqueueReport, syncReports } from './queue.ts';

const CATEGORIES_KEY = 'pingan.field.categories';

/** Categories from the server, or the last copy kept for offline use. */
export async function loadCategories(): Promise<FieldCategories | null> {
  try {
    const fresh = await api.categories();
    localStorage.setItem(CATEGORIES_KEY, JSON.stringify(fresh));
    return fresh;
  } catch {
    const kept = localStorage.getItem(CATEGORIES_KEY);
    return kept ? (JSON.parse(kept) as FieldCategories) : null;
  }
}

export interface ReportFormDeps {
  categories: FieldCategories | null;
  /** where the report is: the last GPS fix or pin */
  position: () => (LonLat & { source: 'gps' | 'pin' }) | null;
}

/**
 * Builds the form. `refresh()` (returned on the element) re-checks duplicates after the position moved.
 *
 * @example
 * const form = reportForm({ categories, position: () => state.position });
 */
export function reportForm(deps: ReportFormDeps): HTMLElement & { refresh(): void } {
  const t = m().report;
  const name = (entry: { nameZh: string; nameEn: string }) => (currentLang() === 'en' ? entry.nameEn : entry.nameZh);
  const categories = deps.categories?.categories ?? [{ code: 'other', nameZh: '其他', nameEn: 'Other', group: 'service' }];
  const category = el('select', { name: 'category', id: 'report-category' });
  category.append(...categories.map((c) => el('option', { value: c.code }, name(c))));
  const disputeType = el('select', { name: 'disputeType', id: 'report-dispute-type' });
  disputeType.append(...(deps.categories?.disputeTypes ?? []).map((d) => el('option', { value: d.code }, name(d))));
  const disputeLabel = el('label', {}, t.disputeType, disputeType);
  const description = el('textarea', { name: 'description', id: 'report-description', rows: '3', maxlength: '2000' });
  const photo = el('input', { type: 'file', accept: 'image/*', capture: 'environment', id: 'report-photo' });
  const photoPreview = el('img', { class: 'photo-preview', alt: '', hidden: true });
  const where = el('p', { class: 'report-where', id: 'report-where' });
  const duplicates = el('div', { class: 'duplicates', id: 'report-duplicates', 'aria-live': 'polite' });
  const message = el('p', { class: 'report-message', role: 'status', id: 'report-message' });
  let photoData: string | null = null;

  const groupOf = (code: string) => categories.find((c) => c.code === code)?.group;
  const syncDispute = () => (disputeLabel.hidden = groupOf(category.value) !== 'dispute');

  let check = 0;
  const refresh = async () => {
    syncDispute();
    const position = deps.position();
    where.textContent = position ? `${t.location}: ${position.lat.toFixed(5)}, ${position.lon.toFixed(5)} (${m().card.source[position.source]})` : t.noLocation;
    const ticket = ++check;
    if (!position) return duplicates.replaceChildren();
    if (!navigator.onLine) return duplicates.replaceChildren(el('p', { class: 'muted' }, t.dupOffline));
    try {
      const { items } = await api.nearbyIncidents(position.lon, position.lat, category.value);
      if (ticket !== check) return;
      duplicates.replaceChildren(
        items.length
          ? el(
              'div',
              { class: 'warn' },
              el('p', {}, t.duplicates),
              el(
                'ul',
                {},
                ...items.map((i) =>
                  el(
                    'li',
                    { 'data-id': String(i.id), 'data-in-scope': String(i.inScope) },
                    `${i.code} · ${m().tasks.status[i.status] ?? i.status} · ${distance(i.distanceM)}${i.description ? ` · ${i.description}` : ''}`,
                  ),
                ),
              ),
            )
          : el('p', { class: 'muted' }, t.noDuplicates),
      );
    } catch {
      if (ticket === check) duplicates.replaceChildren(el('p', { class: 'muted' }, t.dupOffline));
    }
  };

  category.addEventListener('change', () => void refresh());
  photo.addEventListener('change', async () => {
    const file = photo.files?.[0];
    photoData = null;
    photoPreview.hidden = true;
    if (!file) return;
    try {
      photoData = await shrinkPhoto(file);
      photoPreview.src = photoData;
      photoPreview.hidden = false;
    } catch (error) {
      message.textContent = (error as Error).message;
    }
  });

  const form = el(
    'form',
    {
      class: 'field-card report',
      id: 'report-form',
      onsubmit: async (event: Event) => {
        event.preventDefault();
        const position = deps.position();
        if (!position) return void (message.textContent = t.noLocation);
        if (navigator.onLine) {
          // online, a report outside the city is refused here rather than queued for a send that cannot succeed
          message.textContent = t.checking;
          const outside = await api.locate(position.lon, position.lat).then(
            () => false,
            (error: unknown) => error instanceof ApiRequestError && error.code === 'outside_city',
          );
          if (outside) return void (message.textContent = m().errors.outside_city!);
        }
        await enqueueReport(
          {
            category: category.value,
            ...(groupOf(category.value) === 'dispute' && disputeType.value ? { disputeType: disputeType.value } : {}),
            source: 'grid_worker',
            description: description.value.trim() || undefined,
            location: { lon: position.lon, lat: position.lat },
          },
          photoData,
        );
        description.value = '';
        photo.value = '';
        photoData = null;
        photoPreview.hidden = true;
        message.textContent = t.saved;
        if (navigator.onLine) void syncReports();
      },
    },
    el('h2', {}, t.title),
    el('label', {}, t.category, category),
    disputeLabel,
    el('label', {}, t.description, description),
    el('label', {}, t.photo, photo),
    el('small', { class: 'muted' }, t.photoLimit),
    photoPreview,
    where,
    duplicates,
    el('button', { type: 'submit', id: 'report-submit' }, t.submit),
    message,
  ) as HTMLFormElement & { refresh(): void };
  form.refresh = () => void refresh();
  void refresh();
  return form;
}
