import { describe, expect, it, inject } from 'vitest';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { cityItems, importerTestContext, snapshot } from '../support/importers.ts';

const { database, files } = importerTestContext();

/** The run's database as a URL; for the embedded engine, its Unix socket folder goes in `host`. */
function databaseUrl(): string {
  const { connection } = inject('database');
  if (connection.connectionString) return connection.connectionString;
  return `postgres://${connection.user}@localhost:${connection.port}/${connection.database}?host=${encodeURIComponent(String(connection.host))}`;
}

async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const env = { ...process.env, DATABASE_URL: databaseUrl(), DATA_DIR: files.dir, LOG_LEVEL: 'silent' };
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'geodata/cli.ts', ...args], { env });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe('geodata CLI: import', () => {
  it('imports a file and reports the row count, with plain progress lines off a terminal', async () => {
    const result = await cli('import', 'districts', cityItems[0]!.file);
    expect(result.stderr).not.toMatch(/error/);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^imported 1 districts from .*districts\.geojson in \d+\.\d s\n$/);
    expect(result.stderr).toMatch(/^districts\s+1\/1 rows, \d+\.\d s$/m);
    expect(result.stderr).not.toContain('\r');
    const row = await database.pool.query(`SELECT name FROM districts WHERE code = '219901'`);
    expect(row.rows).toEqual([{ name: '测试区' }]);
  });

  it('exits 1 naming file, line and field, and writes nothing', async () => {
    const before = await snapshot(database);
    const bad = files.write('sites.csv', 'code,kind,name,source,lon,lat\nWP2199001,watch_post,a,t,121,45\nWP2199002,watch_post,b,t,east,45\n');
    const result = await cli('import', 'sites', bad, '--crs', 'gcj02');
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`error: ${bad}: line 3, field "lon": expected a number, got "east"\nnothing was written.`);
    expect(await snapshot(database)).toEqual(before);
  });

  it('exits 2 with the usage for a bad command line, before touching the database', async () => {
    const result = await cli('import', 'rivers', 'rivers.csv');
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^error: unknown entity "rivers" \(expected one of .*, roads, places\)/);
    expect(result.stderr).toContain('usage: npm run geodata -- <command>');
    expect((await cli('import', 'sites', 'x.csv', '--crs', 'mercator')).code).toBe(2);
  });
});

describe('geodata CLI: demo', () => {
  it('refuses to load over an existing city without --replace, changing nothing', async () => {
    await cli('import', 'districts', cityItems[0]!.file);
    const before = await snapshot(database);
    const result = await cli('demo', '--scale', 'small');
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/error: the database already holds a city \(\d+ districts\); nothing was changed\. Add --replace/);
    expect(result.stderr).not.toContain('generating');
    expect(await snapshot(database)).toEqual(before);
  });
});
