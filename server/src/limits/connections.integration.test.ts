import { connect, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { startTestServer } from '../testing.ts';

type Srv = Awaited<ReturnType<typeof startTestServer>>;
let srv: Srv | undefined;
const sockets: Socket[] = [];
afterEach(async () => {
  for (const s of sockets.splice(0)) s.destroy();
  await srv?.close();
});

/** A TCP connection that sends nothing (as a slowloris client holds one until the headers timeout), resolved once the server took it or closed it. */
function idle(url: string): Promise<{ socket: Socket; closedByServer: Promise<boolean> }> {
  const { port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), '127.0.0.1');
    sockets.push(socket);
    socket.once('error', reject);
    socket.once('connect', () => resolve({ socket, closedByServer: new Promise((r) => socket.once('close', () => r(true))) }));
  });
}

async function healthz(url: string): Promise<number> {
  try {
    return (await fetch(`${url}/healthz`, { headers: { connection: 'close' } })).status;
  } catch {
    return 0;
  }
}

describe('TCP connections per address', () => {
  // Node drops a connection that sends no complete headers only after 60 to 90 s: one address could hold
  // the process's every file descriptor (1,000 idle connections were all held until then).
  it('past CONNECTIONS_PER_ADDRESS, a new connection is closed at once; one closing makes room', async () => {
    srv = await startTestServer({ CONNECTIONS_PER_ADDRESS: '10' });
    const held = [];
    for (let i = 0; i < 10; i++) held.push(await idle(srv.url));
    const over = await idle(srv.url);
    expect(await over.closedByServer).toBe(true);
    expect(await healthz(srv.url)).toBe(0);
    held[0]!.socket.destroy();
    let status = 0;
    while ((status = await healthz(srv.url)) === 0) await new Promise((r) => setTimeout(r, 20));
    expect(status).toBe(200);
  });

  it('does not count the connections of a trusted proxy (TRUST_PROXY): every client arrives through it', async () => {
    srv = await startTestServer({ CONNECTIONS_PER_ADDRESS: '10', TRUST_PROXY: 'loopback' });
    for (let i = 0; i < 12; i++) await idle(srv.url);
    expect(await healthz(srv.url)).toBe(200);
  });
});
