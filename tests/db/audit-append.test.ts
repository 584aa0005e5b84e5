import { afterAll, describe, expect, it } from 'vitest';
import { appendAudit, type AuditEntry } from '../../db/queries/audit.ts';
import { connectTestDatabase } from '../support/database.ts';

const database = connectTestDatabase();
const run = `append-${process.pid}-${Date.now().toString(36)}`;
afterAll(() => database.close());

const stored = async (username: string) =>
  (
    await database.pool.query<{ target: string; detail: unknown; success: boolean; user_id: number | null }>(
      'SELECT target, detail, success, user_id FROM audit_log WHERE username = $1 ORDER BY id',
      [username],
    )
  ).rows;

describe('appendAudit (group commit)', () => {
  it('stores every row of a burst once, in call order, each call resolving after its row is committed', async () => {
    const username = `${run}-burst`;
    const entries: AuditEntry[] = Array.from({ length: 40 }, (_, i) => ({
      username,
      userId: i,
      role: 'commander',
      action: 'read_personal',
      target: `/api/locate#${i}`,
      detail: { i, text: `引号 "quoted" \\ back,slash {braces}` },
    }));
    await Promise.all(
      entries.map(async (entry) => {
        await appendAudit(database, entry);
        // resolved means committed: the row is visible to another connection now
        const { rows } = await database.pool.query('SELECT 1 FROM audit_log WHERE username = $1 AND target = $2', [username, entry.target]);
        expect(rows).toHaveLength(1);
      }),
    );
    const rows = await stored(username);
    expect(rows.map((row) => row.target)).toEqual(entries.map((entry) => entry.target));
    expect(rows.map((row) => row.user_id)).toEqual(entries.map((_, i) => i));
    expect(rows[7]!.detail).toEqual({ i: 7, text: '引号 "quoted" \\ back,slash {braces}' });
  });

  it('a row the database refuses fails only its own call; the rest of its batch is stored', async () => {
    const username = `${run}-mixed`;
    const good = (i: number): AuditEntry => ({ username, action: 'write', target: `/ok/${i}`, success: i % 2 === 0 });
    const bad = { username, action: null, target: '/bad' } as unknown as AuditEntry; // action is NOT NULL
    const outcomes = await Promise.allSettled([appendAudit(database, good(0)), appendAudit(database, bad), appendAudit(database, good(1))]);
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(String((outcomes[1] as PromiseRejectedResult).reason)).toMatch(/action/);
    const rows = await stored(username);
    expect(rows.map((row) => [row.target, row.success])).toEqual([
      ['/ok/0', true],
      ['/ok/1', false],
    ]);
  });

  it('an entry that cannot even be encoded fails alone, and the log keeps taking rows', async () => {
    const username = `${run}-unencodable`;
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    const outcomes = await Promise.allSettled([
      appendAudit(database, { username, action: 'write', target: '/ok/a' }),
      appendAudit(database, { username, action: 'write', target: '/bad', detail: circular }),
    ]);
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['fulfilled', 'rejected']);
    await appendAudit(database, { username, action: 'write', target: '/ok/b' });
    expect((await stored(username)).map((row) => row.target)).toEqual(['/ok/a', '/ok/b']);
  });
});
