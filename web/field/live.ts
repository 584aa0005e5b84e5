/**
 * New dispatches arrive live: the worker's own `/api/live` stream (the server scopes it to their
 * community and grids). A dispatch, rework or reassignment of a case there refetches the inbox, whose
 * badge then counts the new cases. No backlog: the inbox itself is fetched at start.
 */

/** Workflow actions that can put a case into (or take it out of) a worker's inbox. */
const inboxActions = new Set(['dispatch', 'rework', 'accept', 'report_back', 'approve_extension', 'deny_extension']);

/**
 * Opens the stream; `onChange` is called (at most once a second) when an inbox may have changed.
 * Returns the function that closes it.
 *
 * @example
 * const close = openTaskStream(() => void inbox.refresh());
 */
export function openTaskStream(onChange: () => void, onState: (connected: boolean) => void = () => undefined): () => void {
  const source = new EventSource('/api/live');
  let timer: ReturnType<typeof setTimeout> | undefined;
  source.addEventListener('ready', () => onState(true));
  source.onerror = () => onState(false);
  source.addEventListener('updated', (event) => {
    const { action } = JSON.parse((event as MessageEvent<string>).data) as { action?: string };
    if (!action || !inboxActions.has(action)) return;
    clearTimeout(timer);
    timer = setTimeout(onChange, 1000);
  });
  return () => source.close();
}
