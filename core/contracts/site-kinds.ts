/**
 * The site-kind registry (`site_kinds`, migration 0021): everything the app shows per kind is a row,
 * so a kind added as data is drawn, listed in the legend, located and covered without a code change.
 */
import { z } from 'zod';

export const siteKindCode = z
  .string({ error: 'kind is required' })
  .regex(/^[a-z][a-z0-9_]{1,39}$/, 'kind must be 2–40 lower-case letters, digits or _, starting with a letter');
export const siteKindColor = z.string().regex(/^#[0-9a-f]{6}$/, 'color must be #rrggbb in lower-case hex');
export const siteKindShapes = ['circle', 'ring'] as const;
/** 'mediation' / 'watch': /api/locate's two fixed lists; 'other': its otherSites list; 'none': not located */
export const locateGroups = ['mediation', 'watch', 'other', 'none'] as const;

export const siteKindRecordSchema = z.object({
  kind: z.string(),
  nameZh: z.string(),
  nameEn: z.string(),
  color: z.string(),
  shape: z.enum(siteKindShapes),
  locateGroup: z.enum(locateGroups),
  /** default coverage radius, metres */
  defaultRadiusM: z.number().int(),
  /** offered (and accepted) as a coverage kind */
  coverage: z.boolean(),
  /** counts as a staffed post */
  staffed: z.boolean(),
  sortOrder: z.number().int(),
  /** no new sites of this kind; existing ones stay on the map */
  retired: z.boolean(),
  /** sites of this kind */
  sites: z.number().int(),
});
export type SiteKindRecord = z.infer<typeof siteKindRecordSchema>;
export const siteKindRegistrySchema = z.object({ version: z.number().int(), kinds: z.array(siteKindRecordSchema) });
export type SiteKindRegistry = z.infer<typeof siteKindRegistrySchema>;

const name = (field: string, max: number) =>
  z
    .string({ error: `${field} is required` })
    .trim()
    .min(1, `${field} must not be empty`)
    .max(max, `${field} must be at most ${max} characters`);

const editable = {
  nameZh: name('nameZh', 40),
  nameEn: name('nameEn', 60),
  color: siteKindColor,
  shape: z.enum(siteKindShapes, { error: `shape must be one of ${siteKindShapes.join(', ')}` }),
  locateGroup: z.enum(locateGroups, { error: `locateGroup must be one of ${locateGroups.join(', ')}` }),
  defaultRadiusM: z.number({ error: 'defaultRadiusM must be a number' }).int('defaultRadiusM must be whole metres').min(50).max(5000),
  coverage: z.boolean(),
  staffed: z.boolean(),
  sortOrder: z.number().int().min(0).max(9999),
};

export const createSiteKindSchema = z
  .object({
    kind: siteKindCode,
    ...editable,
    shape: editable.shape.default('circle'),
    locateGroup: editable.locateGroup.default('other'),
    defaultRadiusM: editable.defaultRadiusM.default(1000),
    coverage: editable.coverage.default(true),
    staffed: editable.staffed.default(false),
    sortOrder: editable.sortOrder.default(100),
  })
  .strict();
export type CreateSiteKind = z.infer<typeof createSiteKindSchema>;

export const updateSiteKindSchema = z
  .object({ ...editable, retired: z.boolean() })
  .partial()
  .strict()
  .refine((patch) => Object.keys(patch).length > 0, { message: 'nothing to change' });
export type UpdateSiteKind = z.infer<typeof updateSiteKindSchema>;

export const siteKindParamSchema = z.object({ code: siteKindCode });
