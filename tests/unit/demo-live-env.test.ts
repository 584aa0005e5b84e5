import { describe, expect, it } from 'vitest';
import { parseEnv } from '../../core/env.ts';

describe('DEMO_LIVE', () => {
  it('is on by default, off under tests unless set, and names itself when invalid', () => {
    expect(parseEnv({}).DEMO_LIVE).toBe('on');
    expect(parseEnv({ NODE_ENV: 'test' }).DEMO_LIVE).toBe('off');
    expect(parseEnv({ VITEST: 'true' }).DEMO_LIVE).toBe('off');
    expect(parseEnv({ VITEST: 'true', DEMO_LIVE: 'on' }).DEMO_LIVE).toBe('on');
    expect(parseEnv({ DEMO_LIVE: 'off' }).DEMO_LIVE).toBe('off');
    expect(() => parseEnv({ DEMO_LIVE: 'yes' })).toThrow(/DEMO_LIVE/);
  });
});
