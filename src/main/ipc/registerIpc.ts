/**
 * Wires ipcMain to the controller. Every message first passes ipcGuard (sender frame + zod payload); a refused
 * message is logged and answered with an error, never acted on. Events flow the other way only to our window.
 */
import { ipcMain, type IpcMainEvent, type IpcMainInvokeEvent } from 'electron';
import { EVENTS, INVOKE, SEND, type InvokeChannel } from '../../common/ipc.js';
import type { Logger } from '../../core/logging/index.js';
import type { DesktopController } from '../app/desktopController.js';
import { guardInvoke, checkSender, validateSendPayload, type SenderInfo, type TrustedWindow } from './ipcGuard.js';

function senderInfo(event: IpcMainInvokeEvent | IpcMainEvent): SenderInfo {
  const frame = event.senderFrame;
  return { webContentsId: event.sender.id, frameUrl: frame?.url ?? null, isMainFrame: frame !== null && frame.parent === null };
}

export function registerIpc(controller: DesktopController, trusted: () => TrustedWindow, logger: Logger): () => void {
  const log = logger.child('ipc');
  const channels = Object.values(INVOKE);
  for (const channel of channels) {
    ipcMain.handle(channel, async (event, payload: unknown) => {
      const checked = guardInvoke(channel, senderInfo(event), trusted(), payload);
      if (!checked.ok) {
        log.warn(`Refused ${channel}: ${checked.error}`);
        throw new Error(checked.error);
      }
      return controller.invoke(channel as InvokeChannel, checked.value as never);
    });
  }
  const renderer = logger.child('renderer');
  const onLog = (event: IpcMainEvent, payload: unknown) => {
    const from = checkSender(senderInfo(event), trusted());
    const line = validateSendPayload(SEND.log, payload);
    if (!from.ok || !line.ok) return log.warn(`Refused ${SEND.log}: ${from.ok ? (line.ok ? '' : line.error) : from.error}`);
    // The core logger redacts tokens and passwords before any file sees the line.
    renderer[line.value.level](line.value.message);
  };
  ipcMain.on(SEND.log, onLog);
  return () => {
    for (const channel of channels) ipcMain.removeHandler(channel);
    ipcMain.off(SEND.log, onLog);
  };
}

/** Forwards controller events to the window (the preload turns them into onStatus / onLog / ... callbacks). */
export function forwardEvents(controller: DesktopController, send: (channel: string, payload: unknown) => void): void {
  controller.on('status', (s) => send(EVENTS.status, s));
  controller.on('traffic', (s) => send(EVENTS.traffic, s));
  controller.on('log', (l) => send(EVENTS.log, l));
  controller.on('order', (o) => send(EVENTS.order, o));
  controller.on('ibError', (e) => send(EVENTS.ibError, e));
  controller.on('updateStatus', (u) => send(EVENTS.updateStatus, u));
}
