/**
 * The PM2 and systemd files of docs/deployment.md agree with the proxy: they run the compiled entry point, give it
 * longer to stop than its own graceful-shutdown deadline, reload with SIGHUP (the TLS certificate), and do not
 * restart it after a configuration error (exit 2).
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SHUTDOWN_DEADLINE_MS } from '../../src/cli/runProxy.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
const entry = pkg.scripts.start?.replace(/^node /, '');

describe('deploy/ecosystem.config.cjs (PM2)', () => {
  const { apps } = createRequire(import.meta.url)(path.join(ROOT, 'deploy/ecosystem.config.cjs')) as { apps: Array<Record<string, unknown>> };
  const app = apps[0] as Record<string, unknown>;

  it('runs what npm start runs, from the project folder, as one process', () => {
    expect(apps).toHaveLength(1);
    expect(app.script).toBe(entry);
    expect(app.cwd).toBe(ROOT);
    expect(app).toMatchObject({ exec_mode: 'fork', instances: 1 });
  });

  it('waits for the ready message, outwaits the graceful stop, and leaves configuration errors stopped', () => {
    expect(app.wait_ready).toBe(true);
    expect(app.kill_timeout as number).toBeGreaterThan(SHUTDOWN_DEADLINE_MS);
    expect(app.stop_exit_codes).toEqual([2]);
    expect((app.env_production as Record<string, string>).NODE_ENV).toBe('production');
  });
});

describe('deploy/edgerunner-ibkr-proxy.service (systemd)', () => {
  const unit = fs.readFileSync(path.join(ROOT, 'deploy/edgerunner-ibkr-proxy.service'), 'utf8');
  const value = (key: string) => new RegExp(`^${key}=(.*)$`, 'm').exec(unit)?.[1];

  it('runs what npm start runs, in production, reloading with SIGHUP', () => {
    expect(value('ExecStart')).toMatch(new RegExp(`/node ${entry}$`));
    expect(value('Environment')).toBe('NODE_ENV=production');
    expect(value('ExecReload')).toBe('/bin/kill -HUP $MAINPID');
  });

  it('outwaits the graceful stop and does not restart after a configuration error', () => {
    expect(Number(value('TimeoutStopSec')) * 1000).toBeGreaterThan(SHUTDOWN_DEADLINE_MS);
    expect(value('KillSignal')).toBe('SIGTERM');
    expect(value('RestartPreventExitStatus')).toBe('2');
    expect(value('UMask')).toBe('0077');
  });
});
