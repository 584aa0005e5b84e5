/** Runs one statement; a pool and a transaction's client both fit. */
type Run = (text: string, values: unknown[]) => Promise<unknown>;

/**
 * Deletes whole districts of a test fixture and everything filed under them, children first: the
 * incidents and live events in them, the volunteers, workers, sites, compounds and service links that
 * hang on their areas, then grid cells, communities, streets and the districts. Rows a fixture keeps
 * outside its districts (codes of its own) are the fixture's to delete before calling this.
 *
 * @example
 * await withTransaction(database, (client) => removeDistricts((text, values) => client.query(text, values), ['990100']));
 */
export async function removeDistricts(run: Run, districts: string[]): Promise<void> {
  const inDistricts = (column: string) => `left(${column}, 6) = ANY($1)`;
  for (const statement of [
    `DELETE FROM incidents WHERE ${inDistricts('district_code')}`,
    `DELETE FROM live_events WHERE ${inDistricts('district_code')}`,
    `DELETE FROM volunteers WHERE ${inDistricts('grid_code')}`,
    `DELETE FROM grid_workers WHERE ${inDistricts('community_code')}`,
    `DELETE FROM site_served_communities WHERE ${inDistricts('community_code')}`,
    `DELETE FROM sites WHERE ${inDistricts('district_code')} OR ${inDistricts('community_code')}`,
    `DELETE FROM compounds WHERE ${inDistricts('community_code')}`,
    `DELETE FROM grid_cells WHERE ${inDistricts('code')}`,
    `DELETE FROM communities WHERE ${inDistricts('code')}`,
    `DELETE FROM streets WHERE ${inDistricts('code')}`,
    `DELETE FROM districts WHERE code = ANY($1)`,
  ]) {
    await run(statement, [districts]);
  }
}
