/**
 * #13 items 1, 2, 8a: the client address behind trusted proxies, the login limit under parallel
 * guesses, NAT-shared addresses, and API tokens after a password change or a disable.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.ts';
import { loginLimit } from '../../server/routes/auth/auth-session.ts';
import { connectTestDatabase } from '../support/database.ts';
import { testEnv } from '../support/env.ts';
import { createAccount, login, removeAccounts, testPassword, type TestAccount } from '../support/accounts.ts';

const database = connectTestDatabase();
const app = createApp({ database, env: testEnv({ TRUST_PROXY: 'true', TRUST_PROXY_HOPS: '1' }) });
const accounts: TestAccount[] = [];
const newAccount = async () => {
  const account = await createAccount(database, { role: 'planner' }, 'harden');
  accounts.push(account);
  return account;
};

const postLogin = (username: string, password: string, forwardedFor: string) =>
  app.request('/api/auth/login', {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': forwardedFor },
    body: JSON.stringify({ username, password }),
  });

/** Password checks that failed for an account: one `login_failed` row each (reason wrong_password). */
async function wrongPasswordRows(username: string): Promise<number> {
  const { rows } = await database.pool.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM audit_log WHERE action = 'login_failed' AND username = $1 AND detail->>'reason' = 'wrong_password'`,
    [username],
  );
  return rows[0]!.n;
}

beforeAll(async () => {
  await database.pool.query(`DELETE FROM login_attempts WHERE key LIKE '%10.13.%'`);
});
afterAll(async () => {
  await database.pool.query(`DELETE FROM login_attempts WHERE key LIKE '%10.13.%' OR key LIKE 'account:harden-%'`);
  await removeAccounts(database, accounts);
  await database.close();
});

describe('client address behind trusted proxies', () => {
  it('takes the address TRUST_PROXY_HOPS entries from the right: a rotating X-Forwarded-For does not reset the login limit', async () => {
    const account = await newAccount();
    // the client writes anything on the left; the one proxy appends the address it saw (10.13.1.1)
    const statuses: number[] = [];
    for (let i = 0; i <= loginLimit.perAccount; i++) {
      statuses.push((await postLogin(account.username, 'wrong-password', `198.51.100.${i}, 10.13.1.1`)).status);
    }
    expect(statuses).toEqual([...Array(loginLimit.perAccount).fill(401), 429]);
    const right = await postLogin(account.username, testPassword, '203.0.113.9, 10.13.1.1');
    expect(right.status).toBe(429);
    const { rows } = await database.pool.query(`SELECT ip FROM audit_log WHERE username = $1 ORDER BY id`, [account.username]);
    expect(new Set(rows.map((row) => row.ip))).toEqual(new Set(['10.13.1.1']));
  });

  it('counts hops from the right with two proxies, and falls back to the leftmost entry when there are fewer', async () => {
    const twoHops = createApp({ database, env: testEnv({ TRUST_PROXY: 'true', TRUST_PROXY_HOPS: '2' }) });
    const account = await newAccount();
    const send = (xff: string) =>
      twoHops.request('/api/auth/login', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': xff },
        body: JSON.stringify({ username: account.username, password: 'wrong-password' }),
      });
    await send('6.6.6.6, 10.13.2.2, 10.0.0.1');
    await send('10.13.2.3');
    const { rows } = await database.pool.query(`SELECT ip FROM audit_log WHERE username = $1 ORDER BY id`, [account.username]);
    expect(rows.map((row) => row.ip)).toEqual(['10.13.2.2', '10.13.2.3']);
  });
});

describe('login limit', () => {
  it('checks at most the limit of 100 parallel guesses, and the right password among them is not accepted once it is hit', async () => {
    const account = await newAccount();
    const guesses = Array.from({ length: 100 }, (_, i) => (i === 60 ? testPassword : `wrong-password-${i}`));
    const answers = await Promise.all(guesses.map((password) => postLogin(account.username, password, '10.13.3.1')));
    const statuses = answers.map((res) => res.status);
    const checked = statuses.filter((status) => status !== 429).length;
    // a reservation is taken before the hash: only the first `perAccount` reservations reach argon2
    expect(checked).toBeLessThanOrEqual(loginLimit.perAccount);
    expect(statuses.filter((status) => status === 429).length).toBeGreaterThanOrEqual(100 - loginLimit.perAccount);
    expect(await wrongPasswordRows(account.username)).toBeLessThanOrEqual(loginLimit.perAccount);
    // unless it happened to be among the first five, the right password was refused with the rest
    const rightAccepted = statuses[60] === 200;
    expect(checked - (rightAccepted ? 1 : 0)).toBe(await wrongPasswordRows(account.username));
    // and once the limit is hit, the right password is refused too
    expect((await postLogin(account.username, testPassword, '10.13.3.1')).status).toBe(429);
    // the flood is bounded in the audit log: a rate_limited row for the first refusal of each limit
    // (account at this address, account, address), the rest only counted in audit_refused
    const { rows } = await database.pool.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM audit_log WHERE username = $1 AND detail->>'reason' = 'rate_limited'`,
      [account.username],
    );
    expect(rows[0]!.n).toBeGreaterThanOrEqual(1);
    expect(rows[0]!.n).toBeLessThanOrEqual(3);
  });

  it('limits an address across accounts, but a locked address does not stop an account that has not failed from it', async () => {
    const ip = '10.13.4.1';
    const sprayed = await Promise.all(Array.from({ length: 8 }, () => newAccount()));
    // spray: a few wrong guesses on each of several accounts from one address (NAT) until the address is locked
    let attempts = 0;
    for (const account of sprayed) {
      for (let i = 0; i < 4; i++, attempts++) await postLogin(account.username, 'wrong-password', ip);
    }
    expect(attempts).toBeGreaterThan(loginLimit.perIp);
    // an account that already failed from this address is refused now (address over its limit) …
    expect((await postLogin(sprayed[7]!.username, testPassword, ip)).status).toBe(429);
    // … but a colleague behind the same NAT with the right password and no failures gets in
    const colleague = await newAccount();
    expect((await postLogin(colleague.username, testPassword, ip)).status).toBe(200);
    // the same colleague guessing wrong gets one check, then the address lock applies
    const guesser = await newAccount();
    expect((await postLogin(guesser.username, 'wrong-password', ip)).status).toBe(401);
    expect((await postLogin(guesser.username, 'wrong-password', ip)).status).toBe(429);
  });
});

describe('API tokens after a password change or a disable', () => {
  it('stop working, and stay revoked when the account is enabled again', async () => {
    const admin = await createAccount(database, { role: 'admin' }, 'harden');
    accounts.push(admin);
    const patch = (id: number, body: unknown) =>
      app.request(`/api/admin/users/${id}`, {
        method: 'PATCH',
        headers: { ...admin.bearer, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const me = (headers: Record<string, string>) => app.request('/api/auth/me', { headers });

    const changed = await newAccount();
    expect((await me(changed.bearer)).status).toBe(200);
    expect((await patch(changed.id, { password: 'a-brand-new-password' })).status).toBe(200);
    expect((await me(changed.bearer)).status).toBe(401);

    const disabled = await newAccount();
    const session = await login(app, disabled.username, testPassword, '10.13.5.1');
    expect((await patch(disabled.id, { disabled: true })).status).toBe(200);
    expect((await me(disabled.bearer)).status).toBe(401);
    expect((await patch(disabled.id, { disabled: false })).status).toBe(200);
    expect((await me(disabled.bearer)).status).toBe(401);
    expect((await me({ cookie: session.cookie })).status).toBe(401);
    const { rows } = await database.pool.query(`SELECT count(*)::int AS n FROM api_tokens WHERE user_id = $1 AND revoked_at IS NULL`, [disabled.id]);
    expect(rows[0].n).toBe(0);
  });
});
