import type { TestProject } from 'vitest/node';
import pg from 'pg';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { prepareTestDatabase } from './prepare.ts';

/**
 * A fresh database on the PostGIS server named by DATABASE_URL, created for this run and dropped after,
 * so the tests never touch the database the URL points at.
 */
export default async function setup(project: TestProject) {
  const serverUrl = new URL(process.env.DATABASE_URL!);
  const name = `pingan_test_${process.pid}_${Date.now().toString(36)}`;
  const admin = new pg.Client({ connectionString: serverUrl.toString() });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const testUrl = new URL(serverUrl);
  testUrl.pathname = `/${name}`;
  const connection = { connectionString: testUrl.toString() };
  const dataDir = mkdtempSync(path.join(tmpdir(), 'pingan-test-'));
  await prepareTestDatabase('postgis', connection, dataDir);
  project.provide('database', { mode: 'postgis', connection, dataDir });
  return async () => {
    const cleanup = new pg.Client({ connectionString: serverUrl.toString() });
    await cleanup.connect();
    await cleanup.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await cleanup.end();
    rmSync(dataDir, { recursive: true, force: true });
  };
}
