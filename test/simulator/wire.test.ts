/** Byte-level behaviour: framing across arbitrary TCP boundaries, version negotiation, pacing, client limits. */
import { describe, expect, it } from 'vitest';
import { encodeHandshake, frameBody } from '../../src/simulator/protocol/framing.js';
import { joinFields } from '../../src/simulator/protocol/fields.js';
import { useSimulator, waitFor } from './helpers.js';
import { RawClient } from './raw-client.js';
import { decodeFrames } from './stoqey-decoder.js';

describe('simulator: wire protocol at the byte level', () => {
  const simulator = useSimulator();

  async function start(options = {}) {
    return (await simulator.start(options)).port;
  }

  it('accepts a handshake and requests split at every byte and coalesced into one write', async () => {
    const port = await start();
    const client = simulator.track(await RawClient.open(port));
    const bytes = Buffer.concat([
      encodeHandshake('v100..193 +PACEAPI'),
    ]);
    for (const b of bytes) {
      client.socket.write(Buffer.from([b]));
      await new Promise((r) => setImmediate(r));
    }
    await waitFor(() => client.frames.length >= 1, 'server version');
    expect(client.frames[0]?.[0]).toBe('193');
    expect(client.frames[0]?.[1]).toMatch(/^\d{8} \d\d:\d\d:\d\d /);
    // startApi + three reqCurrentTime in one write, then a request split across two writes mid-length-prefix.
    client.socket.write(Buffer.concat([frameBody(joinFields([71, 2, 9, ''])), ...[1, 2, 3].map(() => frameBody(joinFields([49, 1])))]));
    const split = frameBody(joinFields([49, 1]));
    client.socket.write(split.subarray(0, 2));
    await new Promise((r) => setTimeout(r, 10));
    client.socket.write(split.subarray(2));
    await waitFor(() => client.messages(49).length === 4, 'four currentTime replies');
    expect(client.messages(15)[0]).toEqual(['15', '1', 'DU1234567']);
    expect(client.messages(4).map((f) => f[3])).toEqual(['2104', '2106', '2158']);
    // At 193 an error carries exactly 6 fields (no errorTime).
    for (const f of client.messages(4)) expect(f).toHaveLength(6);
  });

  for (const [range, expected] of [
    ['v100..176', 176],
    ['v157..178', 178],
    ['v100..193', 193],
    ['v170', 170],
  ] as const) {
    it(`a client offering ${range} gets ${expected} and layouts it decodes`, async () => {
      const port = await start();
      const { client, version } = await RawClient.started(port, range, 3);
      simulator.track(client);
      expect(version).toBe(expected);
      client.send([9, 8, 1, '', 'AAPL', 'STK', '', '', '', '', 'SMART', '', 'USD', '', '', 0, '', '', ...(version >= 176 ? [''] : [])]);
      client.send([49, 1]);
      await waitFor(() => client.messages(52).length === 1 && client.messages(49).length === 1, 'contract data');
      const { events: decoded, errors } = decodeFrames(version, client.frames.slice(1));
      const events = decoded.map((e) => e.name);
      expect(errors).toEqual([]);
      expect(events).toContain('contractDetails');
      expect(events).toContain('currentTime');
      expect(simulator.sim.connectedClients()).toEqual([{ clientId: 3, serverVersion: expected }]);
    });
  }

  it('refuses (closes) a client whose range has no overlap, and garbage instead of API\\0', async () => {
    const port = await start({ serverVersion: 176 });
    const tooNew = simulator.track(await RawClient.open(port));
    tooNew.socket.write(encodeHandshake('v180..193'));
    await waitFor(() => tooNew.closed, 'the close');
    expect(tooNew.frames).toEqual([]);
    const garbage = simulator.track(await RawClient.open(port));
    garbage.socket.write('GET / HTTP/1.1\r\n\r\n');
    await waitFor(() => garbage.closed, 'the close');
  });

  it('more than maxMessagesPerSecond gives error 100 with the violation count as id, then a disconnect', async () => {
    const port = await start({ maxMessagesPerSecond: 10, pacingViolationsBeforeDisconnect: 3 });
    const { client } = await RawClient.started(port, 'v100..193', 1);
    simulator.track(client);
    for (let i = 0; i < 15; i++) client.send([49, 1]);
    await waitFor(() => client.closed, 'the disconnect');
    const pacing = client.messages(4).filter((f) => f[3] === '100');
    expect(pacing.map((f) => f[2])).toEqual(['1', '2', '3']);
    expect(pacing[0]?.[4]).toMatch(/^Max rate of messages per second has been exceeded:max=10 rec=11/);
    expect(client.messages(49)).toHaveLength(10);
  });

  it('accepts 32 clients and refuses the 33rd', async () => {
    const port = await start({ maxClients: 32 });
    const started = await Promise.all(Array.from({ length: 32 }, (_, i) => RawClient.started(port, 'v100..193', i + 1)));
    for (const s of started) simulator.track(s.client);
    expect(simulator.sim.connectedClients()).toHaveLength(32);
    const extra = simulator.track(await RawClient.open(port));
    extra.socket.write(encodeHandshake('v100..193'));
    await waitFor(() => extra.closed, 'the refusal');
  });

  it('answers an unknown request with 320 and keeps the connection', async () => {
    const port = await start();
    const { client } = await RawClient.started(port, 'v100..193', 1);
    simulator.track(client);
    client.send([250, 1, 2]);
    client.send([3, 5, 'not-a-full-order']);
    client.send([49, 1]);
    await waitFor(() => client.messages(49).length === 1, 'the next reply');
    const codes = client.messages(4).map((f) => [f[2], f[3]]);
    expect(codes).toContainEqual(['-1', '320']);
    expect(codes).toContainEqual(['5', '320']);
  });
});
