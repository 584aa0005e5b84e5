import { pgTable, text, integer, bigserial, bigint, timestamp, index, uniqueIndex, check, customType } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { incidents } from './incidents.ts';

/** PostgreSQL `bytea` as a Node Buffer (pg returns Buffers for bytea). */
const bytea = customType<{ data: Buffer; driverData: Buffer }>({ dataType: () => 'bytea' });

/**
 * Photos of a case (案件照片): taken with the report (`report`) or with the report-back (`feedback`).
 * The image is stored in the database itself, so one backup and one replica hold the case and its
 * evidence together (both engines). What is stored is the server's re-encoding of the upload: EXIF,
 * XMP and ICC metadata (camera, exact GPS fix) are gone, orientation is applied to the pixels.
 * `data` and `thumbnail` use STORAGE EXTERNAL (migration 0013): JPEG/PNG/WebP do not compress, so
 * TOAST does not try. Deleted with the incident.
 */
export const incidentAttachments = pgTable(
  'incident_attachments',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    incidentId: bigint('incident_id', { mode: 'number' })
      .notNull()
      .references(() => incidents.id, { onDelete: 'cascade' }),
    /** report | feedback */
    stage: text('stage').notNull(),
    /** image/jpeg | image/png | image/webp — of the stored bytes, found from the bytes */
    contentType: text('content_type').notNull(),
    /** octet length of `data` */
    bytes: integer('bytes').notNull(),
    /** pixel size after orientation was applied */
    width: integer('width').notNull(),
    height: integer('height').notNull(),
    /** the stored image, metadata-free */
    data: bytea('data').notNull(),
    /** a JPEG, long edge at most 320 px */
    thumbnail: bytea('thumbnail').notNull(),
    /** hex SHA-256 of `data` (integrity checks, spotting the same photo twice) */
    sha256: text('sha256').notNull(),
    /** who uploaded it (username, worker code or role, as incident_events.actor) */
    createdBy: text('created_by').notNull(),
    /** the upload's Idempotency-Key, if it had one; a repeat by the same caller stores nothing new */
    uploadKey: text('upload_key'),
    /** position of the file in its upload (0-based), so a repeated upload answers in the same order */
    uploadIndex: integer('upload_index').notNull().default(0),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('incident_attachments_incident_idx').on(t.incidentId, t.id),
    uniqueIndex('incident_attachments_upload_key_idx')
      .on(t.createdBy, t.uploadKey, t.uploadIndex)
      .where(sql`${t.uploadKey} IS NOT NULL`),
    check('incident_attachments_stage', sql`${t.stage} IN ('report','feedback')`),
    check('incident_attachments_content_type', sql`${t.contentType} IN ('image/jpeg','image/png','image/webp')`),
  ],
);
