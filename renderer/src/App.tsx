/**
 * The window: header with the state at a glance, the mode banner, and two views, Monitor and Settings. The view
 * follows the URL hash (#monitor / #settings) so the tray's "Settings" item can open the window on that view.
 */
import { useEffect, useState } from 'react';
import { browserConsole } from './api';
import { ConsoleBar } from './console/ConsoleBar';
import { useDesktopStatus } from './hooks/useDesktopStatus';
import { Monitor } from './monitor/Monitor';
import { ModeBanner } from './monitor/ModeBanner';
import { CONNECTION_WORDS } from './monitor/connectionWords';
import { Settings } from './settings/Settings';

type View = 'monitor' | 'settings';

// Main opens '#/settings'; '#settings' is accepted too.
const viewFromHash = (): View => (/^#\/?settings/.test(window.location.hash) ? 'settings' : 'monitor');

function useView(): [View, (v: View) => void] {
  const [view, setView] = useState<View>(viewFromHash);
  useEffect(() => {
    const onHash = () => setView(viewFromHash());
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);
  return [view, (v) => (window.location.hash = `/${v}`)];
}

export function App() {
  const status = useDesktopStatus();
  const [view, setView] = useView();
  const state = status ? CONNECTION_WORDS[status.gateway.status] : null;
  const web = browserConsole();

  useEffect(() => {
    document.title = state ? `${state.label} — Edgerunner IBKR Proxy` : 'Edgerunner IBKR Proxy';
  }, [state]);

  return (
    <div className="app">
      <header className="app-header">
        <h1>Edgerunner IBKR Proxy</h1>
        {status && state ? (
          <span className={`state state-${state.tone} compact`} aria-hidden="true">
            <span className="dot" />
            {state.label}
          </span>
        ) : null}
        <nav className="tabs" role="tablist" aria-label="Views">
          {(['monitor', 'settings'] as const).map((v) => (
            <button
              key={v}
              type="button"
              role="tab"
              id={`tab-${v}`}
              aria-selected={view === v}
              aria-controls={`view-${v}`}
              tabIndex={view === v ? 0 : -1}
              onClick={() => setView(v)}
              onKeyDown={(e) => {
                // Arrow keys move between tabs, as the ARIA tabs pattern expects.
                if (e.key === 'ArrowRight' || e.key === 'ArrowLeft') {
                  const next = v === 'monitor' ? 'settings' : 'monitor';
                  setView(next);
                  document.getElementById(`tab-${next}`)?.focus();
                }
              }}
            >
              {v === 'monitor' ? 'Monitor' : 'Settings'}
            </button>
          ))}
        </nav>
        {status ? <span className="version muted">v{status.version}</span> : null}
        {web ? <ConsoleBar console={web} /> : null}
      </header>
      {status ? <ModeBanner status={status} /> : null}
      <main id={`view-${view}`} role="tabpanel" aria-labelledby={`tab-${view}`}>
        {view === 'settings' ? <Settings readOnly={status?.abilities.settingsReadOnly ?? null} /> : status ? <Monitor status={status} /> : <p className="muted">Waiting for the proxy…</p>}
      </main>
    </div>
  );
}
