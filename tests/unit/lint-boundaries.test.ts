import { describe, expect, it } from 'vitest';
import { ESLint } from 'eslint';
import { fileURLToPath } from 'node:url';

// The layer rules live in eslint.config.js; these tests prove they fail the build (an error, not a warning)
// for a wrong-way import and stay quiet for an allowed one. Imports name real files: a rule that cannot
// resolve an import says nothing about it.
const root = fileURLToPath(new URL('../../', import.meta.url));
const eslint = new ESLint({ cwd: root });

/** The rule ids of every error ESLint reports for `code` written in `filePath` (relative to the repository). */
async function errorsOf(code: string, filePath: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return result!.messages.filter((message) => message.severity === 2).map((message) => message.ruleId ?? message.message);
}

const useServer = (from: string) => `import { createApp } from '${from}';\nexport const app = createApp;\n`;

describe('layer boundaries', () => {
  it.each([
    ['core/areas/example.ts', '../../server/app.ts'],
    ['db/queries/example.ts', '../../server/app.ts'],
    ['geodata/importers/example.ts', '../../server/app.ts'],
    ['web/map/example.ts', '../../server/app.ts'],
  ])('%s importing %s is an error', async (filePath, from) => {
    expect(await errorsOf(useServer(from), filePath)).toEqual(['import-x/no-restricted-paths']);
  });

  it.each([
    ['core/example.ts', `import { openDatabase } from '../db/client.ts';\nexport const open = openDatabase;\n`],
    ['web/example.ts', `import { openDatabase } from '../db/client.ts';\nexport const open = openDatabase;\n`],
    ['db/example.ts', `import { DEFAULT_INCIDENTS } from '../geodata/demo.ts';\nexport const d = DEFAULT_INCIDENTS;\n`],
    ['web/example.ts', `import type { AppDeps } from '../server/context.ts';\nexport type D = AppDeps;\n`],
  ])('a wrong-way import in %s is an error (type-only imports too)', async (filePath, code) => {
    expect(await errorsOf(code, filePath)).toEqual(['import-x/no-restricted-paths']);
  });

  it.each([
    [
      'server/example.ts',
      `import { parseEnv } from '../core/env.ts';\nimport { openDatabase } from '../db/client.ts';\nexport const x = [parseEnv, openDatabase];\n`,
    ],
    ['web/map/example.ts', `import { statuses } from '../../core/workflow/machine.ts';\nexport const x = statuses;\n`],
    ['geodata/example.ts', `import { openDatabase } from '../db/client.ts';\nexport const x = openDatabase;\n`],
    ['tests/unit/example.test.ts', useServer('../../server/app.ts')],
    ['bench/example.ts', useServer('../server/app.ts')],
    ['core/example.ts', `import { z } from 'zod';\nimport { readFileSync } from 'node:fs';\nexport const x = [z, readFileSync];\n`],
  ])('an allowed import in %s passes', async (filePath, code) => {
    expect(await errorsOf(code, filePath)).toEqual([]);
  });

  it('an import cycle in the application layers is an error', async () => {
    // core/contracts/map.ts imports core/tiles/layer-ids.ts: importing it back closes the loop
    const code = `import { tileLayerIdSchema } from '../contracts/map.ts';\nexport const schema = tileLayerIdSchema;\n`;
    expect(await errorsOf(code, 'core/tiles/layer-ids.ts')).toEqual(['import-x/no-cycle']);
  });
});

describe('process.env', () => {
  const readsEnv = `export const port = process.env.PORT;\n`;

  it('is an error outside core/env.ts', async () => {
    expect(await errorsOf(readsEnv, 'server/main.ts')).toEqual(['no-restricted-properties']);
    expect(await errorsOf(readsEnv, 'db/client.ts')).toEqual(['no-restricted-properties']);
    expect(await errorsOf(`import { env } from 'node:process';\nexport const port = env.PORT;\n`, 'geodata/cli.ts')).toEqual(['no-restricted-imports']);
  });

  it('is allowed in core/env.ts and in tooling', async () => {
    for (const filePath of ['core/env.ts', 'vite.config.ts', 'tests/unit/example.test.ts', 'bench/example.ts', 'scripts/example.ts'])
      expect(await errorsOf(readsEnv, filePath), filePath).toEqual([]);
  });
});
