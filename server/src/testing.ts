import { WebSocket } from 'ws';
import {
  AUTH_SUBPROTOCOL_PREFIX,
  CONSOLE_EXTENSION,
  CUSTOMER_EXTENSION,
  LIVE_SUBPROTOCOL,
  PROTOCOL_VERSION,
  extensionOrigin,
  parseServerMessage,
  type QueueEntry,
  type ServerMessage,
} from '@rs/protocol';
import { loadConfig } from './config.ts';
import { SqliteStore } from './store/sqlite.ts';
import type { Store } from './store/store.ts';
import { ensureAdmin } from './auth/admin.ts';
import { hashPassword, randomId } from './auth/secrets.ts';
import { startServer, type RunningServer } from './app.ts';

export const ADMIN_PASSWORD = 'correct horse battery staple';
export const CONSOLE_ORIGIN = extensionOrigin(CONSOLE_EXTENSION.id);
export const CUSTOMER_ORIGIN = extensionOrigin(CUSTOMER_EXTENSION.id);

/** The real server on a random loopback port with an in-memory database, or on `store` (e.g. a PgStore); closing the server closes the store. */
export async function startTestServer(env: Record<string, string> = {}, store: Store = new SqliteStore(':memory:')): Promise<RunningServer & { store: Store }> {
  // The grace must outlast a sign-in (scrypt) on a loaded 2-core machine, or sessions a test is still setting up expire.
  const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', CUSTOMER_GRACE_MS: '1500', DATABASE_FILE: ':memory:', ...env });
  await ensureAdmin(store, 'admin', ADMIN_PASSWORD);
  return Object.assign(await startServer(config, store), { store });
}

export type TestServer = Awaited<ReturnType<typeof startTestServer>>;

/** Runs `test` against its own test server (settings of its own), closing it afterwards whatever happens. */
export async function withTestServer(env: Record<string, string>, test: (srv: TestServer) => Promise<void>): Promise<void> {
  const srv = await startTestServer(env);
  try {
    await test(srv);
  } finally {
    await srv.close();
  }
}

export async function addRep(store: Store, username: string, password: string, displayName: string): Promise<void> {
  await store.createRep({ id: randomId(), username, displayName, role: 'rep', passwordHash: await hashPassword(password), createdAt: Date.now() });
}

export async function api<T = unknown>(base: string, path: string, init: { method?: string; token?: string; body?: unknown } = {}): Promise<{ status: number; body: T }> {
  const res = await fetch(base + path, {
    method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
    headers: {
      ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
    },
    body: init.body === undefined ? undefined : typeof init.body === 'string' ? init.body : JSON.stringify(init.body),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : null) as T };
}

export async function login(base: string, username = 'admin', password = ADMIN_PASSWORD): Promise<string> {
  const res = await api<{ token: string }>(base, '/api/auth/login', { body: { username, password } });
  if (res.status !== 200) throw new Error(`login failed: ${res.status}`);
  return res.body.token;
}

/** A live-socket client that records every frame, for tests to wait on. */
export class TestClient {
  readonly ws: WebSocket;
  readonly received: ServerMessage[] = [];
  readonly #waiters: { pred: (m: ServerMessage) => boolean; resolve: (m: ServerMessage) => void }[] = [];
  #queue: QueueEntry[] | null = null;
  closed: Promise<{ code: number }>;

  constructor(ws: WebSocket) {
    this.ws = ws;
    this.closed = new Promise((resolve) => ws.on('close', (code) => resolve({ code })));
    ws.on('message', (data) => {
      const parsed = parseServerMessage(data.toString());
      if (!parsed.ok) throw new Error(`server sent an invalid frame: ${parsed.error.message}`);
      this.#receive(parsed.value);
      // A rep's queue comes whole on connect, then as changes: a delta is also recorded as the whole list it
      // makes, as the console shows it, so tests wait on the queue a rep sees.
      if (parsed.value.type === 'queue') this.#queue = parsed.value.entries;
      if (parsed.value.type === 'queue.delta' && this.#queue) {
        const byId = new Map(this.#queue.map((e) => [e.sessionId, e]));
        for (const id of parsed.value.removed) byId.delete(id);
        for (const e of [...parsed.value.added, ...parsed.value.updated]) byId.set(e.sessionId, e);
        this.#queue = [...byId.values()].sort((a, b) => a.queuedAt - b.queuedAt || a.sessionId.localeCompare(b.sessionId));
        this.#receive({ type: 'queue', entries: this.#queue, serverTime: parsed.value.serverTime });
      }
    });
  }

  #receive(message: ServerMessage): void {
    this.received.push(message);
    for (const w of [...this.#waiters]) if (w.pred(message)) {
      this.#waiters.splice(this.#waiters.indexOf(w), 1);
      w.resolve(message);
    }
  }

  static async open(base: string, token: string, origin: string, hello = true): Promise<TestClient> {
    const ws = new WebSocket(`${base.replace('http', 'ws')}/api/ws`, [LIVE_SUBPROTOCOL, AUTH_SUBPROTOCOL_PREFIX + token], { origin });
    const client = new TestClient(ws);
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    if (hello) {
      client.send({ type: 'hello', v: PROTOCOL_VERSION });
      await client.next('welcome');
    }
    return client;
  }

  send(message: unknown): void {
    this.ws.send(typeof message === 'string' ? message : JSON.stringify(message));
  }

  /** The first frame of this type matching `pred`, already received or still to come; it is consumed. */
  next<T extends ServerMessage['type']>(
    type: T,
    pred: (m: Extract<ServerMessage, { type: T }>) => boolean = () => true,
    timeoutMs = 5000,
  ): Promise<Extract<ServerMessage, { type: T }>> {
    return this.#wait((m) => m.type === type && pred(m as Extract<ServerMessage, { type: T }>), timeoutMs, type) as Promise<Extract<ServerMessage, { type: T }>>;
  }

  /** Sends a request and waits for its reply or error. */
  async request(message: { type: string; id: string } & Record<string, unknown>) {
    this.send(message);
    const answer = await this.#wait((m) => (m.type === 'reply' || m.type === 'error') && m.id === message.id, 5000, `answer to ${message.id}`);
    return answer as Extract<ServerMessage, { type: 'reply' | 'error' }>;
  }

  #wait(pred: (m: ServerMessage) => boolean, timeoutMs: number, what: string): Promise<ServerMessage> {
    const seen = this.received.find(pred);
    if (seen) {
      this.received.splice(this.received.indexOf(seen), 1);
      return Promise.resolve(seen);
    }
    return new Promise((resolve, reject) => {
      const waiter = {
        pred,
        resolve: (m: ServerMessage) => {
          clearTimeout(timer);
          this.received.splice(this.received.indexOf(m), 1);
          resolve(m);
        },
      };
      const timer = setTimeout(() => {
        this.#waiters.splice(this.#waiters.indexOf(waiter), 1);
        reject(new Error(`no ${what} frame within ${timeoutMs} ms`));
      }, timeoutMs);
      this.#waiters.push(waiter);
    });
  }

  close(): void {
    this.ws.close();
  }
}

/** Tries an upgrade and reports the HTTP status it was refused with (101 when it was accepted). */
export function upgradeStatus(url: string, protocols: string[], headers: Record<string, string>): Promise<number> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, protocols, { headers });
    ws.on('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      ws.terminate();
    });
    ws.on('open', () => {
      resolve(101);
      ws.close();
    });
    ws.on('error', () => resolve(-1));
  });
}
