import { defineConfig } from 'vitest/config';
import { fileURLToPath } from 'node:url';
import { existsSync } from 'node:fs';

const dbTests = ['tests/db/**/*.test.ts', 'tests/api/**/*.test.ts', 'tests/browser/**/*.test.ts'];
// the data-directory lock exists only where there is a data directory: the embedded engine
const embeddedOnly = ['tests/db/embedded-lock.test.ts'];

/**
 * One config for the web build and the tests. Database tests run once per engine: always on the
 * embedded PGlite + PostGIS, and also on a PostGIS server when DATABASE_URL is set (as in CI).
 */
export default defineConfig({
  root: 'web',
  build: {
    outDir: '../dist/web',
    emptyOutDir: true,
    // multi-page: the map (index.html), the command-center dashboard (command/index.html), the field phone page (field/index.html)
    rollupOptions: {
      input: {
        main: fileURLToPath(new URL('./web/index.html', import.meta.url)),
        command: fileURLToPath(new URL('./web/command/index.html', import.meta.url)),
        field: fileURLToPath(new URL('./web/field/index.html', import.meta.url)),
        plan: fileURLToPath(new URL('./web/plan/index.html', import.meta.url)),
        about: fileURLToPath(new URL('./web/about/index.html', import.meta.url)),
        admin: fileURLToPath(new URL('./web/admin/index.html', import.meta.url)),
        edit: fileURLToPath(new URL('./web/edit/index.html', import.meta.url)),
      },
    },
  },
  server: { proxy: { '/api': 'http://localhost:8080', '/tiles': 'http://localhost:8080', '/style.json': 'http://localhost:8080' } },
  test: {
    root: '.',
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Files run one at a time on 2 cores anyway; one module graph for all of them instead of a fresh
    // import per file cut the suite by about a fifth (import 200 s -> 19-26 s). Each file still builds its
    // own app and database handles in beforeAll and closes them in afterAll.
    isolate: false,
    projects: [
      { extends: true, test: { name: 'unit', include: ['tests/unit/**/*.test.ts'] } },
      {
        extends: true,
        test: { name: 'embedded', include: dbTests, globalSetup: ['tests/setup/embedded.ts'], fileParallelism: false },
      },
      // the scale-out rig (tests/rig, #18): its own PostgreSQL, PgBouncer and HAProxy; runs where they are installed (CI installs them)
      ...(['/usr/sbin/haproxy', '/usr/sbin/pgbouncer', '/usr/lib/postgresql/15/bin/pg_basebackup'].every((tool) => existsSync(tool))
        ? [{ extends: true as const, test: { name: 'rig', include: ['tests/rig/**/*.test.ts'], fileParallelism: false } }]
        : []),
      ...(process.env.DATABASE_URL
        ? [
            {
              extends: true as const,
              test: { name: 'postgis', include: dbTests, exclude: embeddedOnly, globalSetup: ['tests/setup/postgis.ts'], fileParallelism: false },
            },
          ]
        : []),
    ],
  },
});
