import { sql, type SQL } from 'drizzle-orm';
import { withTransaction, type Database, type Db } from '../client.ts';
import { asDate } from './incidents.ts';
import { attachmentUrl, type Attachment, type AttachmentContentType, type AttachmentStage } from '../../core/contracts/attachments.ts';

/** An attachment's metadata as stored (no bytes). */
export interface AttachmentRow {
  id: number;
  incidentId: number;
  stage: AttachmentStage;
  contentType: AttachmentContentType;
  bytes: number;
  width: number;
  height: number;
  createdAt: Date;
}

/** A processed image ready to store (already re-encoded without metadata, with its thumbnail). */
export interface NewAttachment {
  contentType: AttachmentContentType;
  width: number;
  height: number;
  data: Buffer;
  thumbnail: Buffer;
  sha256: string;
}

export type StoreResult =
  | { kind: 'created'; rows: AttachmentRow[] }
  /** the caller sent this Idempotency-Key before (for this case): its items, nothing stored */
  | { kind: 'existing'; rows: AttachmentRow[] }
  /** the key was used by the same caller for another case */
  | { kind: 'key_conflict' }
  /** more than the per-case limit; `existing` photos are there already */
  | { kind: 'too_many'; existing: number }
  | { kind: 'missing' };

const metaColumns = `id, incident_id AS "incidentId", stage, content_type AS "contentType", bytes, width, height, created_at AS "createdAt"`;
type RawRow = Omit<AttachmentRow, 'createdAt'> & { createdAt: Date | string };
const toRow = (row: RawRow): AttachmentRow => ({ ...row, createdAt: asDate(row.createdAt) });

/**
 * Row → API shape, with the URLs of the image and its thumbnail.
 *
 * @example
 * toAttachment(row).thumbnailUrl // '/api/attachments/7/thumbnail'
 */
export const toAttachment = (row: AttachmentRow): Attachment => ({
  ...row,
  createdAt: row.createdAt.toISOString(),
  url: attachmentUrl(row.id),
  thumbnailUrl: attachmentUrl(row.id, 'thumbnail'),
});

/**
 * The rows an earlier upload with this Idempotency-Key by this caller stored, in upload order (empty
 * when there was none).
 *
 * @example
 * const previous = await findUpload(db, 'gw001', 'k-123456');
 */
export async function findUpload(db: Db, actor: string, key: string): Promise<AttachmentRow[]> {
  const result = await db.execute<RawRow>(sql`
    SELECT ${sql.raw(metaColumns)} FROM incident_attachments WHERE created_by = ${actor} AND upload_key = ${key} ORDER BY upload_index`);
  return result.rows.map(toRow);
}

/**
 * Stores one upload's images in ONE transaction: all of them or none. The case row is locked first,
 * so two uploads to one case are counted one after the other (the per-case limit holds under
 * concurrency) and a repeated Idempotency-Key finds the first upload's rows instead of adding more.
 *
 * @example
 * const r = await storeAttachments(database, 42, 'report', images, { actor: 'gw001', key: 'k-123456', maxPerCase: 9 });
 * if (r.kind === 'too_many') … // r.existing photos already on the case
 */
export async function storeAttachments(
  database: Pick<Database, 'pool'>,
  incidentId: number,
  stage: AttachmentStage,
  images: NewAttachment[],
  options: { actor: string; key: string | null; maxPerCase: number },
): Promise<StoreResult> {
  const { actor, key, maxPerCase } = options;
  try {
    return await withTransaction(database, async (client): Promise<StoreResult> => {
      const locked = await client.query('SELECT id FROM incidents WHERE id = $1 FOR UPDATE', [incidentId]);
      if (!locked.rowCount) return { kind: 'missing' };
      if (key !== null) {
        const previous = await client.query<RawRow>(
          `SELECT ${metaColumns} FROM incident_attachments WHERE created_by = $1 AND upload_key = $2 ORDER BY upload_index`,
          [actor, key],
        );
        if (previous.rows.length) {
          return previous.rows.every((row) => row.incidentId === incidentId) ? { kind: 'existing', rows: previous.rows.map(toRow) } : { kind: 'key_conflict' };
        }
      }
      const count = await client.query<{ n: number }>('SELECT count(*)::int AS n FROM incident_attachments WHERE incident_id = $1', [incidentId]);
      const existing = count.rows[0]!.n;
      if (existing + images.length > maxPerCase) return { kind: 'too_many', existing };
      const rows: AttachmentRow[] = [];
      for (const [index, image] of images.entries()) {
        const inserted = await client.query<RawRow>(
          `INSERT INTO incident_attachments (incident_id, stage, content_type, bytes, width, height, data, thumbnail, sha256, created_by, upload_key, upload_index)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING ${metaColumns}`,
          [incidentId, stage, image.contentType, image.data.length, image.width, image.height, image.data, image.thumbnail, image.sha256, actor, key, index],
        );
        rows.push(toRow(inserted.rows[0]!));
      }
      return { kind: 'created', rows };
    });
  } catch (error) {
    // the same caller's key taken concurrently by an upload to another case (unique index)
    if ((error as { code?: string }).code === '23505') return { kind: 'key_conflict' };
    throw error;
  }
}

/**
 * The attachments of one case, oldest first (metadata only). The caller has checked the case's scope.
 *
 * @example
 * const rows = await listAttachments(db, 42);
 */
export async function listAttachments(db: Db, incidentId: number): Promise<AttachmentRow[]> {
  const result = await db.execute<RawRow>(sql`SELECT ${sql.raw(metaColumns)} FROM incident_attachments WHERE incident_id = ${incidentId} ORDER BY id`);
  return result.rows.map(toRow);
}

/** How many photos a case has (a cheap pre-check before decoding an upload). */
export async function countAttachments(db: Db, incidentId: number): Promise<number> {
  const result = await db.execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM incident_attachments WHERE incident_id = ${incidentId}`);
  return result.rows[0]?.n ?? 0;
}

/**
 * The stored bytes of an attachment (the image or its thumbnail), only when its case is inside
 * `scope` (SQL over the incidents alias `i`, from scopeCondition); undefined otherwise, so missing
 * and out of scope look the same.
 *
 * @example
 * const image = await attachmentContent(db, 7, 'data', incidentScope(principal));
 */
export async function attachmentContent(
  db: Db,
  id: number,
  variant: 'data' | 'thumbnail',
  scope: SQL,
): Promise<{ contentType: AttachmentContentType; data: Buffer } | undefined> {
  const column = sql.raw(variant === 'data' ? 'a.data' : 'a.thumbnail');
  const type = variant === 'data' ? sql`a.content_type` : sql`'image/jpeg'`;
  const result = await db.execute<{ contentType: AttachmentContentType; data: Buffer }>(sql`
    SELECT ${type} AS "contentType", ${column} AS data
    FROM incident_attachments a JOIN incidents i ON i.id = a.incident_id
    WHERE a.id = ${id} AND ${scope}`);
  return result.rows[0];
}

/**
 * The photos (id, type) of each case of a page of cases, for exports (Open311 media_url, OGC links):
 * report photos before report-back photos, oldest first.
 *
 * @example
 * const photos = await attachmentsOf(db, [1, 2]); // Map { 1 => [{ id: 7, contentType: 'image/jpeg' }] }
 */
export async function attachmentsOf(db: Db, incidentIds: number[]): Promise<Map<number, { id: number; contentType: AttachmentContentType }[]>> {
  const byIncident = new Map<number, { id: number; contentType: AttachmentContentType }[]>();
  if (!incidentIds.length) return byIncident;
  const result = await db.execute<{ incidentId: number; id: number; contentType: AttachmentContentType }>(sql`
    SELECT incident_id AS "incidentId", id, content_type AS "contentType" FROM incident_attachments
    WHERE incident_id = ANY(${`{${incidentIds.map(Number).join(',')}}`}::bigint[])
    ORDER BY incident_id, (stage <> 'report'), id`);
  for (const row of result.rows) {
    const list = byIncident.get(Number(row.incidentId)) ?? [];
    list.push({ id: Number(row.id), contentType: row.contentType });
    byIncident.set(Number(row.incidentId), list);
  }
  return byIncident;
}
