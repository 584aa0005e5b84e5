import { describe, expect, it } from 'vitest';
import { parseCommand, UsageError } from '../../geodata/cli.ts';
import { progressReporter } from '../../geodata/importers/progress.ts';

const usageError = (argv: string[]) => {
  try {
    parseCommand(argv);
  } catch (error) {
    if (error instanceof UsageError) return error.message;
    throw error;
  }
  throw new Error('expected a UsageError');
};

describe('geodata CLI arguments', () => {
  it('parses import and demo with their defaults', () => {
    expect(parseCommand(['import', 'sites', 'a.csv'])).toEqual({ name: 'import', entity: 'sites', file: 'a.csv' });
    expect(parseCommand(['import', 'sites', 'a.csv', '--crs', 'bd09'])).toEqual({ name: 'import', entity: 'sites', file: 'a.csv', crs: 'bd09' });
    expect(parseCommand(['import', '--crs=gcj02', 'grid_cells', 'g.geojson'])).toMatchObject({ entity: 'grid_cells', crs: 'gcj02' });
    expect(parseCommand(['demo'])).toEqual({ name: 'demo', scale: 'full', seed: 1, incidents: undefined, replace: false });
    expect(parseCommand(['demo', '--scale', 'small', '--seed', '7', '--incidents', '1000000', '--replace'])).toEqual({
      name: 'demo',
      scale: 'small',
      seed: 7,
      incidents: 1_000_000,
      replace: true,
    });
    expect(parseCommand([])).toEqual({ name: 'help' });
    expect(parseCommand(['--help'])).toEqual({ name: 'help' });
  });

  it('names the bad argument', () => {
    expect(usageError(['export'])).toBe('unknown command "export" (expected import or demo)');
    expect(usageError(['import', 'rivers', 'r.csv'])).toMatch(/^unknown entity "rivers" \(expected one of districts, /);
    expect(usageError(['import', 'sites'])).toBe('import needs an entity and a file');
    expect(usageError(['import', 'sites', 'a.csv', 'b.csv'])).toBe('unexpected argument "b.csv"');
    expect(usageError(['import', 'sites', 'a.csv', '--crs', 'mercator'])).toBe(
      'unknown --crs "mercator" (expected wgs84, cgcs2000, gcj02, bd09 or EPSG:<code>)',
    );
    expect(parseCommand(['import', 'districts', 'd.zip', '--crs', 'epsg:4499', '--encoding', 'gbk'])).toEqual({
      name: 'import',
      entity: 'districts',
      file: 'd.zip',
      crs: 'EPSG:4499',
      encoding: 'gbk',
    });
    expect(usageError(['import', 'sites', 'a.csv', '--srs', 'wgs84'])).toMatch(/Unknown option '--srs'/);
    expect(usageError(['demo', '--scale', 'medium'])).toBe('unknown --scale "medium" (expected small or full)');
    expect(usageError(['demo', '--seed', '-1'])).toMatch(/--seed/);
    expect(usageError(['demo', '--incidents', '1e6'])).toBe('--incidents must be a whole number ≥ 0, got "1e6"');
    expect(usageError(['demo', '--replace=yes'])).toMatch(/--replace/);
  });
});

describe('progress reporter', () => {
  const sink = (isTTY: boolean) => {
    const chunks: string[] = [];
    return { chunks, stream: { isTTY, write: (text: string) => chunks.push(text) } as unknown as NodeJS.WriteStream };
  };

  it('draws a bar on a terminal and ends each entity on its own line', () => {
    const { chunks, stream } = sink(true);
    let t = 0;
    const progress = progressReporter(stream, () => t);
    progress.onProgress('volunteers', 0, 300);
    t = 500;
    progress.onProgress('volunteers', 150, 300);
    t = 1000;
    progress.onProgress('volunteers', 300, 300);
    progress.onProgress('incidents', 0, 10);
    progress.finish();
    const text = chunks.join('');
    expect(text).toContain('volunteers               [██████████████░░░░░░░░░░░░░░]  50%  150/300  0.5 s');
    expect(text).toContain('volunteers               [████████████████████████████] 100%  300/300  1.0 s\x1b[K\n');
    // an unfinished entity keeps its bar and gets a newline, not a fake 100%
    expect(text.endsWith('\n')).toBe(true);
    expect(text).not.toContain('10/10');
  });

  it('writes plain lines when not a terminal', () => {
    const { chunks, stream } = sink(false);
    let t = 0;
    const progress = progressReporter(stream, () => t);
    progress.onProgress('sites', 0, 20_000);
    t = 6000;
    progress.onProgress('sites', 10_000, 20_000);
    t = 7000;
    progress.onProgress('sites', 20_000, 20_000);
    progress.onProgress('site_served_communities', 0, 0);
    progress.onProgress('volunteer_teams', 0, 0);
    progress.finish();
    expect(chunks).toEqual([
      'sites                    10,000/20,000 rows, 6.0 s\n',
      'sites                    20,000/20,000 rows, 7.0 s\n',
      'site_served_communities  0/0 rows, 0.0 s\n',
      'volunteer_teams          0/0 rows, 0.0 s\n',
    ]);
    expect(chunks.join('')).not.toContain('\x1b');
    expect(chunks.join('')).not.toContain('\r');
  });
});
