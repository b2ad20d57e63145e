import { describe, expect, it } from 'vitest';
import { statusChangeKey } from '../../src/core/console/statusChange.js';
import { desktopStatus } from './fixtures.js';

describe('status push key', () => {
  const base = desktopStatus({ gateway: { ...desktopStatus().gateway, lastHeartbeat: '2025-01-01T10:00:00.000Z' } });

  it('ignores the message counters (they move with every message)', () => {
    expect(statusChangeKey({ ...base, gateway: { ...base.gateway, messagesIn: 9_999, messagesOut: 77 } })).toBe(statusChangeKey(base));
  });

  it('changes with the last heartbeat, so the window shows it current without polling', () => {
    expect(statusChangeKey({ ...base, gateway: { ...base.gateway, lastHeartbeat: '2025-01-01T10:00:10.000Z' } })).not.toBe(statusChangeKey(base));
  });

  it('changes with anything else a user sees', () => {
    expect(statusChangeKey({ ...base, connectedClients: 2 })).not.toBe(statusChangeKey(base));
    expect(statusChangeKey({ ...base, gateway: { ...base.gateway, status: 'reconnecting' } })).not.toBe(statusChangeKey(base));
  });
});
