import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { postWebhook } from './deliver.ts';

const servers: import('node:http').Server[] = [];
afterEach(() => {
  for (const s of servers.splice(0)) s.close(), s.closeAllConnections();
});

/** A real local target; `answer` decides what it does with each request. */
async function target(answer: (req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) => void): Promise<number> {
  const server = createServer(answer);
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return (server.address() as AddressInfo).port;
}

const send = (url: string, allowPrivate: boolean, timeoutMs = 5_000) => postWebhook(url, { headers: { 'content-type': 'application/json' }, body: '{}', allowPrivate, timeoutMs });

describe('one webhook POST', () => {
  it('refuses a loopback literal and a name that resolves to loopback before connecting', async () => {
    let calls = 0;
    const port = await target((_req, res) => (calls++, res.end()));
    expect(await send(`http://127.0.0.1:${port}/`, false)).toEqual({ kind: 'blocked', reason: 'loopback address' });
    expect(await send(`http://[::ffff:127.0.0.1]:${port}/`, false)).toEqual({ kind: 'blocked', reason: 'loopback address' });
    expect(await send(`http://localhost:${port}/`, false)).toEqual({ kind: 'blocked', reason: 'loopback address' });
    expect(calls).toBe(0);
    expect(await send(`http://localhost:${port}/`, true)).toEqual({ kind: 'delivered' });
    expect(calls).toBe(1);
  });

  it('gives up on a target that accepts but never answers, or drips its answer, within the deadline', async () => {
    const silent = await target(() => {});
    expect(await send(`http://127.0.0.1:${silent}/`, true, 300)).toEqual({ kind: 'unreachable' });
    const dripping = await target((_req, res) => {
      const socket = res.socket!;
      socket.write('HTTP/1.1 200 OK\r\n');
      const drip = setInterval(() => (socket.writable ? socket.write('X-Drip: 1\r\n') : clearInterval(drip)), 50);
      socket.on('close', () => clearInterval(drip));
    });
    expect(await send(`http://127.0.0.1:${dripping}/`, true, 400)).toEqual({ kind: 'unreachable' });
  });
});
