import { and, eq } from 'drizzle-orm';
import type { Db } from '../client.ts';
import { incidents } from '../schema/incidents.ts';
import { gridWorkers, volunteers } from '../schema/people.ts';
import { scopeCondition } from './scope.ts';
import type { Principal } from '../../core/access/roles.ts';

export type RevealKind = 'incident' | 'grid_worker' | 'volunteer';

/**
 * The clear personal fields of one record, only when it lies in the principal's area (scope in SQL);
 * undefined for "missing" and "out of scope" alike.
 *
 * @example
 * const values = await personalValues(db, principal, 'incident', 'SY2024000123');
 * // { reporterName: '李四', reporterPhone: '13912345678' }
 */
export async function personalValues(db: Db, principal: Principal, kind: RevealKind, code: string): Promise<Record<string, string | null> | undefined> {
  switch (kind) {
    case 'incident': {
      const scope = scopeCondition(principal, {
        district: incidents.districtCode,
        street: incidents.streetCode,
        community: incidents.communityCode,
        grid: incidents.gridCode,
      });
      const rows = await db
        .select({ reporterName: incidents.reporterName, reporterPhone: incidents.reporterPhone })
        .from(incidents)
        .where(and(eq(incidents.code, code), scope));
      return rows[0];
    }
    case 'grid_worker': {
      const scope = scopeCondition(principal, { community: gridWorkers.communityCode });
      const rows = await db
        .select({ name: gridWorkers.name, phone: gridWorkers.phone, idNumber: gridWorkers.idNumber })
        .from(gridWorkers)
        .where(and(eq(gridWorkers.code, code), scope));
      return rows[0];
    }
    case 'volunteer': {
      const scope = scopeCondition(principal, { grid: volunteers.gridCode });
      const rows = await db
        .select({ name: volunteers.name, phone: volunteers.phone })
        .from(volunteers)
        .where(and(eq(volunteers.code, code), scope));
      return rows[0];
    }
  }
}
