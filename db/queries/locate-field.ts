import { sql } from 'drizzle-orm';
import type { Db } from '../client.ts';
import type { FieldCategories } from '../../core/contracts/field.ts';

/**
 * The incident categories and dispute types a field report can choose from (registries, so new ones
 * are rows), in display order.
 *
 * @example
 * const { categories, disputeTypes } = await fieldCategories(db); // categories[0].code → 'dispute'
 */
export async function fieldCategories(db: Db): Promise<FieldCategories> {
  const [categories, disputeTypes] = await Promise.all([
    db.execute<FieldCategories['categories'][number]>(
      sql`SELECT code, name_zh AS "nameZh", name_en AS "nameEn", "group" FROM incident_categories ORDER BY sort_order, code`,
    ),
    db.execute<FieldCategories['disputeTypes'][number]>(
      sql`SELECT code, name_zh AS "nameZh", name_en AS "nameEn" FROM dispute_types ORDER BY sort_order, code`,
    ),
  ]);
  return { categories: categories.rows, disputeTypes: disputeTypes.rows };
}
