/** The site card of the map (`GET /api/sites/:code`, `/contact`) and a gazetteer place (`GET /api/places/:code`). */
import { z } from 'zod';

export const siteCodeParamSchema = z.object({
  code: z
    .string()
    .min(1)
    .max(60, 'code must be at most 60 characters')
    .regex(/^[A-Za-z0-9_-]+$/, 'code must be letters, digits, _ or -'),
});

const areaRef = z.object({ code: z.string(), name: z.string() }).nullable();

export const siteCardSchema = z.object({
  code: z.string(),
  kind: z.string(),
  /** the kind's names from the site_kinds registry */
  kindName: z.object({ zh: z.string(), en: z.string() }),
  name: z.string(),
  address: z.string().nullable(),
  /** opening hours as recorded (free text), null when the data has none */
  hours: z.string().nullable(),
  staffed: z.boolean(),
  district: areaRef,
  street: areaRef,
  community: areaRef,
  /** communities this site serves (site_served_communities), by code */
  serves: z.array(z.object({ code: z.string(), name: z.string() })),
  /** whether a contact person is recorded (their name and phone: `/contact`, staff only) */
  hasContact: z.boolean(),
  /** [lon, lat] WGS-84 */
  location: z.tuple([z.number(), z.number()]),
  synthetic: z.boolean(),
  source: z.string(),
});
export type SiteCard = z.infer<typeof siteCardSchema>;

export const siteContactSchema = z.object({ code: z.string(), name: z.string().nullable(), phone: z.string().nullable() });
export type SiteContact = z.infer<typeof siteContactSchema>;

export const placeCodeParamSchema = siteCodeParamSchema;
export const placeSchema = z.object({
  code: z.string(),
  name: z.string(),
  kind: z.string(),
  districtCode: z.string().nullable(),
  synthetic: z.boolean(),
  source: z.string(),
  /** GeoJSON Point, LineString or MultiLineString, WGS-84 */
  geometry: z.object({ type: z.enum(['Point', 'LineString', 'MultiLineString']), coordinates: z.array(z.any()) }),
});
export type Place = z.infer<typeof placeSchema>;
