import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { desktopApi } from './api';
import { App } from './App';
import './styles.css';

const root = createRoot(document.getElementById('root')!);
// Opened outside the desktop app (no preload bridge): say so instead of failing in every panel.
root.render(
  <StrictMode>
    {desktopApi() ? (
      <App />
    ) : (
      <p className="banner banner-warn" role="alert">
        This window works only inside the Edgerunner IBKR Proxy desktop app (the desktop bridge is missing).
      </p>
    )}
  </StrictMode>,
);
