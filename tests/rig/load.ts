/** The rig test's clients: reporters with idempotency keys, readers, SSE listeners — all through HAProxy, counting per phase. */
import { sseReader } from '../support/sse.ts';

export interface PhaseCounts {
  requests: number;
  /** answers of 500 and above the clients saw (each retried) */
  status5xx: number;
  /** connections refused or cut before an answer */
  networkErrors: number;
  /** routed reads by the server that answered (X-Read-Source) */
  readSource: Record<string, number>;
  /** a read right after the caller's own report that did not show it (must stay 0) */
  staleOwnReads: number;
  /** the same read sent without the write position (the control: what read routing prevents) */
  staleWithoutPosition: number;
}

/** A signed-in client: session cookie, CSRF token and the WAL-position cookie, as a browser holds them. */
export class Client {
  phase = 'baseline';
  readonly counts = new Map<string, PhaseCounts>();
  private cookies = new Map<string, string>();
  private csrf = '';

  constructor(readonly base: string) {}

  count(): PhaseCounts {
    let counts = this.counts.get(this.phase);
    if (!counts)
      this.counts.set(this.phase, (counts = { requests: 0, status5xx: 0, networkErrors: 0, readSource: {}, staleOwnReads: 0, staleWithoutPosition: 0 }));
    return counts;
  }

  get cookieHeader(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  /** Forget the write position for one request (the control read). */
  withoutPosition = false;

  /** One request; counts it, keeps the cookies it sets; network failures come back as status 0. */
  async request(path: string, init: RequestInit = {}): Promise<{ status: number; body: unknown; headers: Headers }> {
    const counts = this.count();
    counts.requests++;
    try {
      const headers = new Headers(init.headers);
      headers.set('cookie', this.withoutPosition ? this.cookieHeader.replace(/(^|; )pingan_lsn=[^;]*/, '') : this.cookieHeader);
      if (this.csrf) headers.set('x-csrf-token', this.csrf);
      const res = await fetch(`${this.base}${path}`, { ...init, headers, signal: AbortSignal.timeout(15_000) });
      for (const cookie of res.headers.getSetCookie()) {
        const [pair] = cookie.split(';');
        const at = pair!.indexOf('=');
        this.cookies.set(pair!.slice(0, at), pair!.slice(at + 1));
      }
      if (res.status >= 500) counts.status5xx++;
      const source = res.headers.get('x-read-source');
      if (source) counts.readSource[source] = (counts.readSource[source] ?? 0) + 1;
      const text = await res.text();
      let body: unknown = text;
      try {
        body = JSON.parse(text);
      } catch {
        // tiles and CSV stay text
      }
      return { status: res.status, body, headers: res.headers };
    } catch {
      counts.networkErrors++;
      return { status: 0, body: null, headers: new Headers() };
    }
  }

  async login(username: string, password: string): Promise<void> {
    const res = await this.request('/api/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password }),
    });
    if (res.status !== 200) throw new Error(`login failed: ${res.status} ${JSON.stringify(res.body)}`);
    this.csrf = (res.body as { csrfToken: string }).csrfToken;
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Reports one incident with `key`, retrying with the same key until the server answers 201 (stored) or
 * 200 (a replay of the stored one) — as a phone app with an outbox does. Returns the incident id.
 */
export async function reportUntilStored(client: Client, key: string, point: [number, number], deadline: number): Promise<{ id: number; code: string }> {
  const body = JSON.stringify({ category: 'theft', description: `合成演示 rig ${key}`, location: { lon: point[0], lat: point[1] } });
  for (;;) {
    const res = await client.request('/api/incidents', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': key },
      body,
    });
    if (res.status === 200 || res.status === 201) return res.body as { id: number; code: string };
    if (res.status >= 400 && res.status < 500 && res.status !== 429 && res.status !== 409) {
      throw new Error(`report ${key}: ${res.status} ${JSON.stringify(res.body)}`);
    }
    if (Date.now() > deadline) throw new Error(`report ${key} not stored before the deadline (last status ${res.status})`);
    await sleep(250);
  }
}

/** An SSE listener on /api/live that reconnects with Last-Event-ID whenever its stream ends, recording incident ids. */
export class LiveListener {
  readonly created = new Set<number>();
  reconnects = 0;
  private lastId: string | undefined;
  private stopped = false;
  private current: { close(): Promise<void> } | undefined;

  constructor(private readonly client: Client) {}

  async start(): Promise<void> {
    await this.connect(true);
    void this.loop();
  }

  private async connect(first: boolean): Promise<void> {
    const headers: Record<string, string> = { cookie: this.client.cookieHeader, accept: 'text/event-stream' };
    if (this.lastId) headers['last-event-id'] = this.lastId;
    const res = await fetch(`${this.client.base}/api/live`, { headers });
    if (res.status !== 200) throw new Error(`live: ${res.status}`);
    const sse = sseReader(res);
    this.current = sse;
    const ready = await sse.next(10_000);
    if (ready.event !== 'ready') throw new Error(`live: first event ${ready.event}`);
    // the first connection starts at the cursor; later ones resume after the last id seen
    if (first) this.lastId ??= String((JSON.parse(ready.data) as { cursor: number }).cursor);
    this.pump(sse);
  }

  private pump(sse: Awaited<ReturnType<typeof sseReader>>) {
    void (async () => {
      for (;;) {
        const event = await sse.next(60_000).catch(() => undefined);
        if (!event) {
          await sse.close().catch(() => undefined);
          break;
        }
        if (event.id) this.lastId = event.id;
        if (event.event === 'created') this.created.add((JSON.parse(event.data) as { id: number }).id);
      }
      this.current = undefined;
    })();
  }

  private async loop(): Promise<void> {
    while (!this.stopped) {
      await sleep(200);
      if (this.current || this.stopped) continue;
      this.reconnects++;
      await this.connect(false).catch(() => undefined);
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.current?.close();
  }
}
