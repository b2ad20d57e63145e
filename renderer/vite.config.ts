/**
 * Build of the monitor / settings window: `vite build renderer` (root = this folder) → ../dist-renderer.
 * `base: './'` keeps every asset URL relative, so the same build loads from Electron's file:// and from the test
 * server. No dev-only plugins: the built output must satisfy the strict CSP in index.html (no inline scripts, no
 * eval), which the browser tests check. No Node imports here: renderer/ is browser code for the layer lint.
 */
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

export default defineConfig({
  base: './',
  plugins: [react()],
  build: {
    outDir: '../dist-renderer',
    emptyOutDir: true,
    target: 'chrome120',
    // Inlined assets would become data: URLs; keep everything a real file the CSP allows as 'self'.
    assetsInlineLimit: 0,
    sourcemap: false,
    modulePreload: { polyfill: false },
  },
});
