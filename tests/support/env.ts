import { parseEnv, type Env } from '../../core/env.ts';

/** A valid environment for app tests, quiet logs. */
export const testEnv = (overrides: Record<string, string> = {}): Env => parseEnv({ LOG_LEVEL: 'silent', DEMO_SEED: 'none', ...overrides });
