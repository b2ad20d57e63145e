import { afterEach, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { EventName, type Contract } from '@stoqey/ib';
import { connectClient, waitFor } from './helpers.js';

/**
 * The simulator CLI in one process: node with tsx as a loader. (tsx's own CLI runs the script in a second node
 * process; SIGKILL on the CLI cannot be relayed, and a test that ended without stopping it left that simulator
 * running after the suite.)
 */
const simulatorCli = (...args: string[]): ChildProcess =>
  spawn(process.execPath, ['--import', 'tsx', 'src/simulator/cli.ts', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });

/** The CLI's line about the first account, once it has arrived whole. */
const accountLine = (output: () => string) => waitFor(() => /^Account .*$/m.exec(output().split('\n').slice(0, -1).join('\n'))?.[0], 'the account line', 15_000);

describe('simulator CLI (npm run simulator)', () => {
  let child: ChildProcess | undefined;

  afterEach(async () => {
    const c = child;
    child = undefined;
    if (!c || c.exitCode !== null || c.signalCode !== null) return;
    const gone = new Promise((resolve) => c.once('exit', resolve));
    c.kill('SIGKILL');
    await gone;
  });

  it('listens on the requested port, serves a real client, and stops cleanly on SIGTERM', async () => {
    let output = '';
    child = simulatorCli('--port', '0', '--accounts', 'DU9,DU8');
    child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
    const port = Number(await waitFor(() => /listening on 127\.0\.0\.1:(\d+) \(/.exec(output)?.[1], 'the listening line', 15_000));
    const client = await connectClient(port, 1);
    let accounts = '';
    client.ib.on(EventName.managedAccounts, (a: string) => (accounts = a));
    client.ib.reqManagedAccts();
    await waitFor(() => accounts, 'managedAccounts');
    expect(accounts).toBe('DU9,DU8');
    // By default the first account holds the demo portfolio (said on the line after the listening one: wait for it,
    // each console.log is its own write to the pipe).
    expect(await accountLine(() => output)).toContain('Account DU9 starts with the demo portfolio: AAPL, MSFT, NVDA, SAP');
    const held: string[] = [];
    let ended = false;
    client.ib.on(EventName.position, (account: string, contract: Contract) => held.push(`${account} ${contract.symbol} ${contract.secType}`));
    client.ib.on(EventName.positionEnd, () => (ended = true));
    client.ib.reqPositions();
    await waitFor(() => ended, 'positionEnd');
    expect(held).toEqual(['DU9 AAPL STK', 'DU9 MSFT STK', 'DU9 NVDA STK', 'DU9 SAP STK', 'DU9 ESTX50 OPT', 'DU9 ES FUT']);
    client.close();
    const exited = new Promise<number | null>((resolve) => child?.on('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });

  it('starts with cash only under --empty-account', async () => {
    let output = '';
    child = simulatorCli('--port', '0', '--empty-account');
    child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
    const port = Number(await waitFor(() => /listening on 127\.0\.0\.1:(\d+) \(/.exec(output)?.[1], 'the listening line', 15_000));
    expect(await accountLine(() => output)).toBe('Account DU1234567 starts with cash only.');
    const client = await connectClient(port, 1);
    let count = -1;
    let seen = 0;
    client.ib.on(EventName.position, () => seen++);
    client.ib.on(EventName.positionEnd, () => (count = seen));
    client.ib.reqPositions();
    await waitFor(() => count >= 0, 'positionEnd');
    expect(count).toBe(0);
    client.close();
  });

  it('refuses a non-loopback host', async () => {
    child = simulatorCli('--host', '0.0.0.0', '--port', '0');
    let output = '';
    child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
    const code = await new Promise<number | null>((resolve) => child?.on('exit', (c) => resolve(c)));
    expect(code).toBe(1);
    expect(output).toContain('loopback');
  });
});
