/**
 * Makes pglite-socket 0.2.11 follow the PostgreSQL extended-query protocol for pooled clients:
 *
 * 1. After an error in Parse/Bind/Describe/Execute, PGlite answers ErrorResponse *and* ReadyForQuery at
 *    once (electric-sql/pglite#958). `pg` then takes the Sync's later ReadyForQuery as the end of the
 *    *next* query, so every following reply on that connection belongs to the previous statement.
 *    Real PostgreSQL discards messages until Sync and answers one ReadyForQuery; we do the same.
 * 2. The socket server queues single protocol messages from all connections, so Parse/Bind/Execute of
 *    two connections interleave on PGlite's one session (electric-sql/pglite#977). We admit one
 *    connection at a time from its first message until its Sync (or, inside a transaction, until the
 *    transaction ends).
 */
type OnData = (data: Uint8Array) => void;
type Enqueue = (handlerId: number, message: Uint8Array, onData: OnData) => Promise<number>;

interface QueryQueue {
  enqueue: Enqueue;
  clearQueueForHandler(handlerId: number): void;
}

const SYNC = 0x53; // 'S'
const SIMPLE_QUERY = 0x51; // 'Q'
const EXTENDED = new Set([0x50, 0x42, 0x44, 0x45, 0x43, 0x48]); // P B D E C H
const ERROR_RESPONSE = 0x45; // backend 'E'
const READY_FOR_QUERY = 0x5a; // backend 'Z'

/** Splits backend output into messages (type byte + int32 length including itself). */
function backendMessages(data: Uint8Array): { type: number; start: number; end: number }[] {
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const messages = [];
  for (let offset = 0; offset + 5 <= data.length;) {
    const end = offset + 1 + view.getInt32(offset + 1);
    messages.push({ type: data[offset]!, start: offset, end });
    offset = end;
  }
  return messages;
}

/** Removes ReadyForQuery from a reply that carries an ErrorResponse; returns null if no error. */
export function stripReadyAfterError(data: Uint8Array): Uint8Array | null {
  const messages = backendMessages(data);
  if (!messages.some((m) => m.type === ERROR_RESPONSE)) return null;
  const kept = messages.filter((m) => m.type !== READY_FOR_QUERY);
  const out = new Uint8Array(kept.reduce((n, m) => n + (m.end - m.start), 0));
  let offset = 0;
  for (const m of kept) {
    out.set(data.subarray(m.start, m.end), offset);
    offset += m.end - m.start;
  }
  return out;
}

/**
 * Wraps the socket server's private query queue in place.
 *
 * @example
 * const server = new PGLiteSocketServer({ db, path, maxConnections: 32 });
 * fixExtendedProtocol(server, db);
 */
export function fixExtendedProtocol(server: unknown, db: { isInTransaction(): boolean }): void {
  const queue = (server as { queryQueue: QueryQueue }).queryQueue;
  const enqueue = queue.enqueue.bind(queue);
  const clear = queue.clearQueueForHandler.bind(queue);
  const skippingUntilSync = new Set<number>();
  let owner: number | null = null;
  const waiting: (() => void)[] = [];

  const acquire = async (handlerId: number) => {
    while (owner !== null && owner !== handlerId) await new Promise<void>((resolve) => waiting.push(resolve));
    owner = handlerId;
  };
  const release = () => {
    owner = null;
    waiting.splice(0).forEach((wake) => wake());
  };

  queue.enqueue = async (handlerId, message, onData) => {
    const type = message[0]!;
    await acquire(handlerId);
    try {
      if (skippingUntilSync.has(handlerId) && type !== SYNC) return 0;
      if (type === SYNC) skippingUntilSync.delete(handlerId);
      if (!EXTENDED.has(type)) return await enqueue(handlerId, message, onData);
      const chunks: Uint8Array[] = [];
      // chunks are views into PGlite memory that the next call reuses: copy them now
      await enqueue(handlerId, message, (chunk) => chunks.push(Buffer.from(chunk)));
      const reply = Buffer.concat(chunks);
      const fixed = stripReadyAfterError(reply);
      if (fixed) skippingUntilSync.add(handlerId);
      const out = fixed ?? reply;
      if (out.length > 0) onData(out);
      return out.length;
    } finally {
      const batchOpen = EXTENDED.has(type) || skippingUntilSync.has(handlerId);
      if (!batchOpen && !db.isInTransaction() && (type === SYNC || type === SIMPLE_QUERY || owner === handlerId)) release();
    }
  };

  queue.clearQueueForHandler = (handlerId) => {
    clear(handlerId);
    skippingUntilSync.delete(handlerId);
    if (owner === handlerId) release();
  };
}
