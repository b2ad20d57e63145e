/**
 * The window's only way out: the typed preload API (src/common/ipc.ts). Kept behind one function so a missing
 * bridge (opened in a plain browser) is one clear message instead of a crash in every component.
 */
import type { EdgerunnerDesktopApi } from '../../src/common/ipc';

export function desktopApi(): EdgerunnerDesktopApi | null {
  return window.edgerunner ?? null;
}

/** For components rendered only after main.tsx checked the bridge exists. */
export function api(): EdgerunnerDesktopApi {
  const a = window.edgerunner;
  if (!a) throw new Error('The desktop bridge (window.edgerunner) is missing.');
  return a;
}

/** Turns a rejected IPC call into a sentence for the user. */
export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
