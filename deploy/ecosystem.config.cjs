// PM2 process file for the headless proxy (docs/deployment.md). From the project folder, after `npm run build`:
//   pm2 start deploy/ecosystem.config.cjs --env production
//   pm2 reload edgerunner-ibkr-proxy              graceful restart (new code or settings): stop, then start
//   pm2 sendSignal SIGHUP edgerunner-ibkr-proxy   re-read a renewed TLS certificate, no restart
//   pm2 save && pm2 startup                       start it at boot
// Secrets (JWT_SECRET, ENCRYPTION_KEY, AUTH_PASSWORD) belong in .env (mode 0600) or your secret manager, not here.
// eslint-disable-next-line @typescript-eslint/no-require-imports -- PM2 loads this file as CommonJS
const path = require('node:path');

module.exports = {
  apps: [
    {
      name: 'edgerunner-ibkr-proxy',
      cwd: path.resolve(__dirname, '..'),
      // The compiled entry point: plain Node, no TypeScript tooling (npm ci --omit=dev is enough).
      script: 'dist/cli/serve.js',
      // One process: TWS accepts one connection per client id, so cluster mode (two at once) cannot work; a reload
      // is therefore stop-then-start, which the proxy makes graceful.
      exec_mode: 'fork',
      instances: 1,
      // Graceful stop on SIGINT: WebSocket clients closed with 1001, TWS disconnected, orders journal flushed. The
      // proxy gives itself 15 s (SHUTDOWN_DEADLINE_MS in src/cli/runProxy.ts); PM2 waits longer before SIGKILL.
      kill_timeout: 20000,
      // The proxy sends 'ready' once it listens: PM2 counts it online from then on, not from the spawn.
      wait_ready: true,
      listen_timeout: 20000,
      // Exit code 2 is a configuration error (the sentence is in the error log): restarting cannot fix it.
      stop_exit_codes: [2],
      restart_delay: 5000,
      // The proxy writes and rotates logs/app.log itself (LOG_MAX_SIZE); PM2's copy of the console is extra
      // (pm2 install pm2-logrotate keeps it small, or set LOG_FILE= to keep only PM2's).
      merge_logs: true,
      time: false,
      env: { NODE_ENV: 'development' },
      env_production: { NODE_ENV: 'production' },
    },
  ],
};
