import { z } from 'zod';
import { ogcCollectionSchema, ogcLinkSchema } from './ogc.ts';

/** OGC API – Features landing page: links to the API definition, conformance and the collections. */
export const ogcLandingPageSchema = z.object({
  title: z.string(),
  description: z.string(),
  links: z.array(ogcLinkSchema),
});

/** `/ogc/conformance`: the conformance classes the API implements. */
export const ogcConformanceSchema = z.object({
  conformsTo: z.array(z.string()),
  links: z.array(ogcLinkSchema),
});

/** `/ogc/collections`: the collections the caller may read, and the CRSs every one of them offers. */
export const ogcCollectionsSchema = z.object({
  links: z.array(ogcLinkSchema),
  collections: z.array(ogcCollectionSchema),
  crs: z.array(z.string()),
});
