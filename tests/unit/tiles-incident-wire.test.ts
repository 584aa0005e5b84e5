import { describe, expect, it } from 'vitest';
import { decodeIncidentWire, encodeIncidentWire } from '../../core/contracts/map-wire.ts';
import { monthIndex, monthLabel, selectIncidents } from '../../web/map/overlay/incident-data.ts';

const header = {
  categories: ['dispute', 'theft'],
  categoryNames: { dispute: ['矛盾纠纷', 'Dispute'] as [string, string], theft: ['盗窃', 'Theft'] as [string, string] },
  statuses: ['reported', 'closed'],
  monthZero: '2018-01',
  weighted: false,
  version: 3,
};

describe('incident wire format (golden)', () => {
  it('round-trips 10 bytes per incident plus an aligned header', () => {
    const positions = new Float32Array([123.4, 41.8, 123.5, 41.9, 123.6, 42.0]);
    const attributes = new Uint8Array([0x00, 0, 0x11, 14, 0x10, 47]);
    const bytes = encodeIncidentWire(header, positions, attributes);
    const headerBytes = new DataView(bytes.buffer).getUint32(8, true);
    expect(headerBytes % 4).toBe(0);
    expect(bytes.length).toBe(12 + headerBytes + 3 * 10);
    const wire = decodeIncidentWire(bytes.buffer as ArrayBuffer);
    expect(wire.count).toBe(3);
    expect(wire.header).toEqual(header);
    expect([...wire.positions]).toEqual([...positions]);
    expect([...wire.attributes]).toEqual([...attributes]);
  });

  it('refuses a buffer that is not incident columns', () => {
    expect(() => decodeIncidentWire(new Uint8Array([1, 2, 3, 4, 0, 0, 0, 0, 0, 0, 0, 0]).buffer)).toThrow(/PGI1/);
  });

  it('selects by month, month range, category and status in one pass', () => {
    const positions = new Float32Array([1, 1, 2, 2, 3, 3, 4, 4]);
    // dispute/reported Jan 2018, theft/closed Mar 2019, theft/reported Mar 2019, dispute/closed Dec 2021
    const attributes = new Uint8Array([0x00, 0, 0x11, 14, 0x10, 14, 0x01, 47]);
    const wire = decodeIncidentWire(encodeIncidentWire(header, positions, attributes).buffer as ArrayBuffer);
    const all = { category: '', status: '' as const, month: null, fromMonth: 0, toMonth: 47 };
    expect(selectIncidents(wire, all).length).toBe(4);
    expect([...selectIncidents(wire, { ...all, month: 14 }).positions]).toEqual([2, 2, 3, 3]);
    expect(selectIncidents(wire, { ...all, category: 'theft', status: 'closed' }).length).toBe(1);
    expect(selectIncidents(wire, { ...all, status: 'open' }).total).toBe(2);
    expect(selectIncidents(wire, { ...all, fromMonth: 1, toMonth: 46 }).length).toBe(2);
    expect(monthIndex('2018-01', '2019-03')).toBe(14);
    expect(monthLabel('2018-01', 47)).toBe('2021-12');
  });

  it('weights public cell-month counts', () => {
    const weighted = { ...header, weighted: true };
    const bytes = encodeIncidentWire(weighted, new Float32Array([1, 1, 2, 2]), new Uint8Array([255, 3, 255, 4]), new Uint16Array([5, 7]));
    const wire = decodeIncidentWire(bytes.buffer as ArrayBuffer);
    expect([...wire.weights!]).toEqual([5, 7]);
    expect(selectIncidents(wire, { category: '', status: '', month: null, fromMonth: 0, toMonth: 47 }).total).toBe(12);
  });
});
