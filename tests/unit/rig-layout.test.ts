/**
 * The scale-out rig's default ports must lie outside the kernel's ephemeral range: an app process
 * restarted on a port inside it can find the port held by some outgoing connection (EADDRINUSE).
 */
import { existsSync, readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { rigLayout } from '../../scripts/rig/state.ts';

const rangeFile = '/proc/sys/net/ipv4/ip_local_port_range';
// Linux's default when the file cannot be read (not Linux, or a sandbox without /proc)
const [low, high] = existsSync(rangeFile) ? readFileSync(rangeFile, 'utf8').trim().split(/\s+/).map(Number) : [32768, 60999];
const saved = process.env.RIG_PORT;

describe('rig layout', () => {
  afterEach(() => {
    if (saved === undefined) delete process.env.RIG_PORT;
    else process.env.RIG_PORT = saved;
  });

  it('puts every default port below or above the ephemeral range', () => {
    delete process.env.RIG_PORT;
    const { ports } = rigLayout(4);
    const all = [ports.primary, ports.replica, ports.pgbouncer, ports.haproxy, ...ports.apps];
    expect(new Set(all).size).toBe(8);
    expect(all.filter((port) => port >= low! && port <= high!)).toEqual([]);
  });

  it('takes RIG_PORT and the ports after it', () => {
    process.env.RIG_PORT = '20000';
    expect(rigLayout(2).ports).toEqual({ primary: 20000, replica: 20001, pgbouncer: 20002, haproxy: 20003, apps: [20004, 20005] });
  });
});
