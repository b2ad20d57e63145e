/**
 * The web console's corner of the header: its own link to the proxy (the WebSocket that brings the live
 * status, traffic and orders: live, reconnecting, closed) and Log out. Not shown in the desktop app.
 */
import { useEffect, useState } from 'react';
import type { WsClientState } from '../../../packages/client/src/index';
import type { BrowserConsole } from '../api';

const LINK_WORDS: Record<WsClientState, { label: string; tone: 'ok' | 'warn' | 'bad' | 'off' }> = {
  idle: { label: 'Console not connected', tone: 'off' },
  connecting: { label: 'Console connecting…', tone: 'warn' },
  authenticating: { label: 'Console connecting…', tone: 'warn' },
  open: { label: 'Console live', tone: 'ok' },
  reconnecting: { label: 'Console reconnecting to the proxy…', tone: 'warn' },
  closed: { label: 'Console disconnected', tone: 'bad' },
};

export function ConsoleBar({ console: c }: { console: BrowserConsole }) {
  const [link, setLink] = useState<WsClientState>(c.linkState());
  useEffect(() => c.onLinkState(setLink), [c]);
  const words = LINK_WORDS[link];
  return (
    <span className="console-bar">
      <span className={`state state-${words.tone} compact`} role="status" data-testid="console-link" data-state={link}>
        <span className="dot" aria-hidden="true" />
        {words.label}
      </span>
      <button type="button" className="small" onClick={() => c.logOut()}>
        Log out
      </button>
    </span>
  );
}
