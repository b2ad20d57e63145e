import { describe, expect, it } from 'vitest';
import { INVOKE, IPC_REQUEST_SCHEMAS, SEND } from '../../src/common/ipc.js';
import { checkSender, guardInvoke, isInvokeChannel, isRendererUrl, validateInvokePayload, validateSendPayload, RENDERER_URL } from '../../src/main/ipc/ipcGuard.js';

const ours = { webContentsId: 7, frameUrl: `${RENDERER_URL}#/settings`, isMainFrame: true };
const trusted = { webContentsId: 7 };

describe('IPC sender check', () => {
  it('accepts our window main frame at the renderer URL', () => {
    expect(checkSender(ours, trusted).ok).toBe(true);
  });

  it('refuses other windows, sub-frames, foreign pages and a closed window', () => {
    expect(checkSender({ ...ours, webContentsId: 8 }, trusted)).toEqual({ ok: false, error: 'IPC from an unknown window' });
    expect(checkSender(ours, { webContentsId: null }).ok).toBe(false);
    expect(checkSender({ ...ours, isMainFrame: false }, trusted)).toEqual({ ok: false, error: 'IPC from a sub-frame' });
    for (const url of ['https://evil.example/', 'file:///etc/passwd', 'app://renderer.evil/index.html', 'app://user:pw@renderer/', 'http://renderer/index.html']) {
      expect(checkSender({ ...ours, frameUrl: url }, trusted).ok, url).toBe(false);
    }
    expect(checkSender({ ...ours, frameUrl: null }, trusted).ok).toBe(false);
  });

  it('recognises only the app://renderer origin', () => {
    expect(isRendererUrl('app://renderer/index.html')).toBe(true);
    expect(isRendererUrl('not a url')).toBe(false);
  });
});

describe('IPC payload validation', () => {
  it('has a schema for every invoke channel', () => {
    for (const channel of Object.values(INVOKE)) expect(isInvokeChannel(channel), channel).toBe(true);
    expect(isInvokeChannel('shell:openExternal')).toBe(false);
    expect(Object.keys(IPC_REQUEST_SCHEMAS)).toHaveLength(Object.keys(INVOKE).length);
  });

  it('accepts well-formed requests', () => {
    expect(validateInvokePayload(INVOKE.setMode, { mode: 'live' })).toEqual({ ok: true, value: { mode: 'live' } });
    expect(validateInvokePayload(INVOKE.connect, undefined).ok).toBe(true);
    expect(validateInvokePayload(INVOKE.recentLogs, { limit: 100, level: 'warn' }).ok).toBe(true);
    expect(validateInvokePayload(INVOKE.recentLogs, undefined).ok).toBe(true);
    expect(validateInvokePayload(INVOKE.setKillSwitch, { active: true }).ok).toBe(true);
  });

  it('rejects wrong values, extra keys and payloads on no-argument channels, saying what is wrong', () => {
    const bad = validateInvokePayload(INVOKE.setMode, { mode: 'margin' });
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.error).toMatch(/^Invalid gateway:set-mode request: mode: /);
    expect(validateInvokePayload(INVOKE.setMode, { mode: 'live', extra: 1 }).ok).toBe(false);
    expect(validateInvokePayload(INVOKE.connect, { host: 'evil' }).ok).toBe(false);
    expect(validateInvokePayload(INVOKE.recentLogs, { limit: 1e9 }).ok).toBe(false);
    expect(validateInvokePayload(INVOKE.disconnectClient, { id: '' }).ok).toBe(false);
    expect(validateInvokePayload(INVOKE.setCredentials, { username: 'trader', password: 'short' }).ok).toBe(false);
    expect(validateInvokePayload(INVOKE.setCredentials, { username: 'bad name!', password: 'long enough pw' }).ok).toBe(false);
    expect(validateInvokePayload(INVOKE.saveSettings, { settings: [] }).ok).toBe(false);
  });

  it('validates renderer log lines', () => {
    expect(validateSendPayload(SEND.log, { level: 'info', message: 'hi' }).ok).toBe(true);
    expect(validateSendPayload(SEND.log, { level: 'fatal', message: 'hi' }).ok).toBe(false);
    expect(validateSendPayload(SEND.log, { level: 'info', message: 'x'.repeat(9_000) }).ok).toBe(false);
  });

  it('checks the sender before the payload, so a stranger learns nothing about payload rules', () => {
    const r = guardInvoke(INVOKE.setMode, { ...ours, webContentsId: 99 }, trusted, { mode: 'nope' });
    expect(r).toEqual({ ok: false, error: 'IPC from an unknown window' });
    expect(guardInvoke(INVOKE.setMode, ours, trusted, { mode: 'paper' })).toEqual({ ok: true, value: { mode: 'paper' } });
  });
});
