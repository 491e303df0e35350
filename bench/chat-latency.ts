/**
 * Chat relay latency: a customer's `chat.send` until the representative's
 * socket receives the `chat` notice (validated, persisted in SQLite before the
 * acknowledgement, fanned out), against a baseline relay that forwards raw
 * frames between two sockets in the same process with no work at all.
 */
import { performance } from 'node:perf_hooks';
import { WebSocket, WebSocketServer } from 'ws';
import { startTestServer } from '../server/src/testing.ts';
import { chatRelay, N, pct, row, WARMUP } from './chat-relay.ts';

async function baselineRelay(): Promise<number[]> {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise((r) => wss.once('listening', r));
  const peers: WebSocket[] = [];
  wss.on('connection', (ws) => {
    peers.push(ws);
    ws.on('message', (data) => peers.find((p) => p !== ws)?.send(data.toString()));
  });
  const url = `ws://127.0.0.1:${(wss.address() as { port: number }).port}`;
  const connect = () => new Promise<WebSocket>((resolve) => {
    const ws = new WebSocket(url);
    ws.once('open', () => resolve(ws));
  });
  const a = await connect();
  const b = await connect();
  while (peers.length < 2) await new Promise((r) => setTimeout(r, 5));
  const times: number[] = [];
  for (let i = 0; i < N + WARMUP; i++) {
    const text = JSON.stringify({ type: 'chat.send', id: `m${i}`, text: `message ${i}` });
    const t0 = performance.now();
    const got = new Promise((r) => b.once('message', r));
    a.send(text);
    await got;
    if (i >= WARMUP) times.push(performance.now() - t0);
  }
  a.close();
  b.close();
  await new Promise((r) => wss.close(r));
  return times;
}

const baseline = await baselineRelay();
const product = await chatRelay(await startTestServer({ DATABASE_FILE: ':memory:' }));
console.log(row('baseline: raw ws relay', baseline));
console.log(row('product: chat.send -> rep chat', product));
console.log(`ratio product/baseline: p50 ${(pct(product, 50) / pct(baseline, 50)).toFixed(2)}x   p99 ${(pct(product, 99) / pct(baseline, 99)).toFixed(2)}x`);
// peer's internal expiry timers are not reachable from outside and keep the loop alive.
process.exit(0);
