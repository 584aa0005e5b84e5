import type { TestProject } from 'vitest/node';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { prepareTestDatabase } from './prepare.ts';
import { startEmbeddedServer } from '../../db/embedded/start.ts';

/** One embedded PGlite + PostGIS for the whole run, in a throw-away folder. */
export default async function setup(project: TestProject) {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'pingan-test-'));
  const server = await startEmbeddedServer({ dataDir });
  const connection = { host: server.socketDir, port: 5432, user: 'postgres', database: 'postgres' };
  await prepareTestDatabase('embedded', connection, dataDir);
  project.provide('database', { mode: 'embedded', connection, dataDir });
  return async () => {
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  };
}
