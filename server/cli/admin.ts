/**
 * Account administration from the command line (the first admin is created here):
 *   npm run admin -- create-user --username <u> --role <admin|commander|grid_worker|planner>
 *        [--scope <area code>] [--worker-code <code>] [--display-name <name>] [--password-stdin]
 *   npm run admin -- list-users
 *   npm run admin -- set-password --username <u> [--password-stdin]
 *   npm run admin -- disable-user --username <u>
 *   npm run admin -- create-token --username <u> --name <what it is for>
 *   npm run admin -- revoke-token --id <n>
 * Uses DATABASE_URL / DATA_DIR like the server (embedded mode: stop the server first).
 */
import { parseArgs } from 'node:util';
import { text } from 'node:stream/consumers';
import { ZodError } from 'zod';
import { parseEnv } from '../../core/env.ts';
import { setLogLevel } from '../../core/log.ts';
import { migrateDatabase, openDatabase, type Db } from '../../db/client.ts';
import { findUser, listUsers, updateUser } from '../../db/queries/auth.ts';
import { createApiToken, revokeApiToken } from '../../db/queries/auth-tokens.ts';
import { createUserRequestSchema, updateUserRequestSchema, usernameSchema } from '../../core/contracts/auth.ts';
import { createAccount } from '../access/accounts.ts';
import { hashPassword } from '../access/passwords.ts';
import { apiTokenPrefix, randomToken, sha256Hex } from '../access/tokens.ts';
import { ApiError } from '../middleware/errors.ts';

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: {
    username: { type: 'string' },
    role: { type: 'string' },
    scope: { type: 'string' },
    'worker-code': { type: 'string' },
    'display-name': { type: 'string' },
    'password-stdin': { type: 'boolean', default: false },
    name: { type: 'string' },
    id: { type: 'string' },
  },
});

/** The password from stdin (first line), or a generated one that is printed once. */
async function password(): Promise<{ password: string; generated: boolean }> {
  if (values['password-stdin']) return { password: (await text(process.stdin)).split(/\r?\n/)[0]!, generated: false };
  return { password: randomToken().slice(0, 20), generated: true };
}

async function account(db: Db) {
  const user = await findUser(db, { username: usernameSchema.parse(values.username ?? '') });
  if (!user) throw new Error(`no user ${values.username}`);
  return user;
}

const commands: Record<string, (db: Db) => Promise<void>> = {
  async 'create-user'(db) {
    const secret = await password();
    const request = createUserRequestSchema.parse({
      username: values.username,
      role: values.role,
      scopeCode: values.scope ?? null,
      workerCode: values['worker-code'] ?? null,
      displayName: values['display-name'],
      password: secret.password,
    });
    const user = await createAccount(db, request);
    console.log(`created ${user.role} ${user.username} (id ${user.id}${user.scopeCode ? `, scope ${user.scopeCode}` : ''})`);
    if (secret.generated) console.log(`password: ${secret.password}`);
  },
  async 'list-users'(db) {
    for (const u of await listUsers(db)) {
      console.log([u.id, u.username, u.role, u.scopeCode ?? 'city', u.workerCode ?? '-', u.disabled ? 'disabled' : 'active', u.demo ? 'demo' : ''].join('\t'));
    }
  },
  async 'set-password'(db) {
    const user = await account(db);
    const secret = await password();
    updateUserRequestSchema.parse({ password: secret.password });
    await updateUser(db, user.id, { passwordHash: await hashPassword(secret.password) });
    console.log(`password of ${user.username} changed; their sessions ended`);
    if (secret.generated) console.log(`password: ${secret.password}`);
  },
  async 'disable-user'(db) {
    const user = await account(db);
    await updateUser(db, user.id, { disabled: true });
    console.log(`${user.username} disabled; their sessions ended`);
  },
  async 'create-token'(db) {
    const user = await account(db);
    if (!values.name) throw new Error('--name is required (what the token is for)');
    const token = randomToken(apiTokenPrefix);
    const id = await createApiToken(db, { userId: user.id, name: values.name, tokenHash: sha256Hex(token) });
    console.log(`token ${id} for ${user.username} (shown once, store it now):\n${token}`);
  },
  async 'revoke-token'(db) {
    const id = Number(values.id);
    if (!(await revokeApiToken(db, id))) throw new Error(`no live token ${values.id}`);
    console.log(`token ${id} revoked`);
  },
};

/** The command-line flag of a request field, for error messages. */
const flag = (field: string) => ({ scopeCode: 'scope', workerCode: 'worker-code', displayName: 'display-name', password: 'password-stdin' })[field] ?? field;

const command = commands[positionals[0] ?? ''];
if (!command) {
  console.error(`usage: npm run admin -- <${Object.keys(commands).join('|')}> [options]`);
  process.exit(2);
}
const env = parseEnv();
setLogLevel('warn');
const database = await openDatabase({ databaseUrl: env.DATABASE_URL, dataDir: env.DATA_DIR, poolSize: 2 });
try {
  await migrateDatabase(database);
  await command(database.db);
} catch (error) {
  if (error instanceof ZodError) console.error(error.issues.map((i) => `--${flag(String(i.path[0]))}: ${i.message}`).join('\n'));
  else if (error instanceof ApiError) console.error(`${error.field ? `--${flag(error.field)}: ` : ''}${error.message}`);
  else console.error(String((error as Error).message ?? error));
  process.exitCode = 1;
} finally {
  await database.close();
}
