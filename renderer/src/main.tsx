import './noEval';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { desktopApi } from './api';
import { App } from './App';
import { ConsoleRoot } from './console/ConsoleRoot';
import './styles.css';

const root = createRoot(document.getElementById('root')!);
// One renderer, two transports: inside the desktop app the preload bridge is there (IPC); in a browser the page
// was served by the proxy as its web console and talks to it over REST + WebSocket after logging in.
root.render(<StrictMode>{desktopApi() ? <App /> : <ConsoleRoot />}</StrictMode>);
