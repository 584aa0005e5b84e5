/** A minimal Server-Sent Events client over a fetch Response, for tests and benchmarks. */
export interface SseEvent {
  id?: string;
  event: string;
  data: string;
}

export interface SseReader {
  /** the next event (skipping comments), or a rejection after `timeoutMs` */
  next(timeoutMs?: number): Promise<SseEvent>;
  /** events until `predicate` matches (inclusive) */
  until(predicate: (e: SseEvent) => boolean, timeoutMs?: number): Promise<SseEvent[]>;
  close(): Promise<void>;
}

/**
 * Parses `text/event-stream` incrementally (events separated by a blank line; `id:`, `event:`, `data:`).
 *
 * @example
 * const sse = sseReader(await fetch(url, { headers }));
 * const ready = await sse.next(); // { event: 'ready', … }
 */
export function sseReader(res: Response): SseReader {
  if (!res.body) throw new Error(`no body (status ${res.status})`);
  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  const events: SseEvent[] = [];
  let buffer = '';
  let waiting = null as (() => void) | null;
  let done = false;
  void (async () => {
    try {
      for (;;) {
        const { value, done: end } = await reader.read();
        if (end) break;
        buffer += decoder.decode(value, { stream: true });
        let index: number;
        while ((index = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, index);
          buffer = buffer.slice(index + 2);
          const event: SseEvent = { event: 'message', data: '' };
          const data: string[] = [];
          for (const line of block.split('\n')) {
            if (line.startsWith(':') || line === '') continue;
            const [field, ...rest] = line.split(':');
            const value = rest.join(':').replace(/^ /, '');
            if (field === 'id') event.id = value;
            else if (field === 'event') event.event = value;
            else if (field === 'data') data.push(value);
          }
          if (data.length === 0 && event.id === undefined && event.event === 'message') continue;
          event.data = data.join('\n');
          events.push(event);
          waiting?.();
        }
      }
    } catch {
      // cancelled
    } finally {
      done = true;
      waiting?.();
    }
  })();
  const next = async (timeoutMs = 5000): Promise<SseEvent> => {
    const deadline = Date.now() + timeoutMs;
    while (events.length === 0) {
      if (done) throw new Error('event stream ended');
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no event within ${timeoutMs} ms`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        waiting = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      waiting = null;
    }
    return events.shift()!;
  };
  return {
    next,
    async until(predicate, timeoutMs = 5000) {
      const seen: SseEvent[] = [];
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const event = await next(Math.max(1, deadline - Date.now()));
        seen.push(event);
        if (predicate(event)) return seen;
      }
    },
    async close() {
      await reader.cancel().catch(() => {});
    },
  };
}
