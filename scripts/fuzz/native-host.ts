import { spawn, type ChildProcess } from 'node:child_process';
import { CUSTOMER_EXTENSION, ERROR_CODES, NATIVE_PROTOCOL_VERSION, parseHostToExtension } from '@rs/protocol';
import { encodeFrame, FrameDecoder, HEADER_BYTES } from '../../native-host/src/framing.ts';
import { newStats, type SurfaceStats } from '../../server/src/resilience/fuzz-drivers.ts';
import { rssKb } from './rss.ts';

const CLI = new URL('../../native-host/src/cli.ts', import.meta.url).pathname;
const ORIGIN = `chrome-extension://${CUSTOMER_EXTENSION.id}/`;
const KNOWN_EXIT_CODES = new Set<number>([0, ...Object.values(ERROR_CODES)]);
const ANSWER_TIMEOUT_MS = 30_000;

/** A frame around any text, as the browser would write it (length prefix, UTF-8). */
export function frameText(text: string): Buffer {
  const body = Buffer.from(text);
  const header = Buffer.alloc(HEADER_BYTES);
  header.writeUInt32LE(body.length, 0);
  return Buffer.concat([header, body]);
}

/** One host process, spawned as Chromium spawns it (the caller's origin as its argument, framed stdio). */
class Host {
  readonly child: ChildProcess;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stderr = '';
  #onMessage: ((m: { type: string; id?: string | null; code?: string }) => void) | null = null;

  constructor(env: NodeJS.ProcessEnv, stats: SurfaceStats) {
    this.child = spawn(process.execPath, [CLI, ORIGIN], { env, stdio: ['pipe', 'pipe', 'pipe'] });
    this.exited = new Promise((resolve) => this.child.once('exit', (code, signal) => resolve({ code, signal })));
    this.child.stdin!.on('error', () => {});
    this.child.stderr!.on('data', (d: Buffer) => (this.stderr = (this.stderr + d.toString()).slice(-4000)));
    const decoder = new FrameDecoder();
    this.child.stdout!.on('data', (chunk: Buffer) => {
      for (const f of decoder.push(chunk)) {
        const parsed = f.ok ? parseHostToExtension(f.value) : null;
        if (!parsed?.ok) {
          stats.untyped++;
          if (stats.samples.length < 10) stats.samples.push(`host wrote ${JSON.stringify(f.ok ? f.value : f.error).slice(0, 200)}`);
          continue;
        }
        this.#onMessage?.(parsed.value as { type: string; id?: string | null; code?: string });
      }
    });
  }

  /** Writes the bytes, then a sentinel request; resolves with the replies before the sentinel's, or null if the host exited. */
  async exchange(bytes: Buffer, sentinelId: string): Promise<Array<{ type: string; code?: string }> | null> {
    const replies: Array<{ type: string; code?: string }> = [];
    const answered = new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => resolve(false), ANSWER_TIMEOUT_MS);
      this.#onMessage = (m) => {
        if (m.id === sentinelId) {
          clearTimeout(timer);
          resolve(true);
        } else replies.push(m);
      };
      void this.exited.then(() => {
        clearTimeout(timer);
        resolve(false);
      });
    });
    this.child.stdin!.write(Buffer.concat([bytes, encodeFrame({ type: 'control.revoke', id: sentinelId })]));
    return (await answered) ? replies : null;
  }

  async hello(): Promise<boolean> {
    const replies = await this.exchange(encodeFrame({ type: 'hello', id: 'h', v: NATIVE_PROTOCOL_VERSION }), 'hello-sentinel');
    return replies !== null && replies.some((r) => r.type === 'helloResponse');
  }

  async stop(): Promise<void> {
    this.child.stdin!.end();
    await Promise.race([this.exited, new Promise((r) => setTimeout(r, 5000))]);
    this.child.kill('SIGKILL');
  }
}

export type NativeStats = SurfaceStats & { crashes: number; rssBeforeKb: number; rssAfterKb: number; processes: number };

/**
 * The native host: framed hostile messages pipelined in batches to one host
 * process (after its hello), each batch closed by a sentinel request. A
 * message that may end the host by design (a hello with another version)
 * goes alone; an exit with a known code is counted as a deliberate close and
 * the host is respawned; any other exit (a signal, an unknown code) is a crash.
 * `rawStreams` fresh processes then get raw hostile bytes (lengths included).
 */
export async function fuzzNativeHost(opts: {
  env: NodeJS.ProcessEnv;
  messages: Iterable<string>;
  rawStreams: Iterable<Uint8Array[]>;
  batch?: number;
  until?: number;
}): Promise<NativeStats> {
  const stats: NativeStats = { ...newStats('native host'), crashes: 0, rssBeforeKb: 0, rssAfterKb: 0, processes: 0 };
  const spawnHost = async () => {
    stats.processes++;
    const host = new Host(opts.env, stats);
    if (!(await host.hello())) throw new Error(`the native host did not answer hello:\n${host.stderr}`);
    return host;
  };
  let host = await spawnHost();
  stats.rssBeforeKb = rssKb(host.child.pid!);
  let seq = 0;
  const judgeExit = async () => {
    const { code, signal } = await host.exited;
    if (signal || code === null || !KNOWN_EXIT_CODES.has(code)) {
      stats.crashes++;
      if (stats.samples.length < 10) stats.samples.push(`host exited ${signal ?? code}: ${host.stderr.slice(-500)}`);
    } else stats.closes[code] = (stats.closes[code] ?? 0) + 1;
  };
  const send = async (texts: string[]) => {
    if (texts.length === 0) return;
    stats.inputs += texts.length;
    const replies = await host.exchange(Buffer.concat(texts.map(frameText)), `s${seq++}`);
    if (replies === null) {
      await Promise.race([host.exited, new Promise((r) => setTimeout(r, 1000))]);
      if (host.child.exitCode === null && host.child.signalCode === null) {
        stats.untyped += texts.length;
        stats.samples.push('host: no answer to a sentinel in time');
        host.child.kill('SIGKILL');
      }
      await judgeExit();
      host = await spawnHost();
      return;
    }
    for (const r of replies) {
      if (r.type === 'error') {
        stats.typedErrors++;
        if (r.code === 'internal') stats.internal++;
      } else stats.accepted++;
    }
  };
  let batch: string[] = [];
  for (const text of opts.messages) {
    if (opts.until && Date.now() > opts.until) break;
    if (text.includes('hello')) {
      await send(batch);
      batch = [];
      await send([text]);
      continue;
    }
    batch.push(text);
    if (batch.length >= (opts.batch ?? 500)) {
      await send(batch);
      batch = [];
    }
  }
  await send(batch);
  stats.rssAfterKb = rssKb(host.child.pid!);
  await host.stop();

  // Raw bytes (any length prefix, cut anywhere): each stream on a fresh process, which must end with a known code.
  for (const pieces of opts.rawStreams) {
    if (opts.until && Date.now() > opts.until) break;
    stats.processes++;
    const raw = new Host(opts.env, stats);
    for (const p of pieces) raw.child.stdin!.write(p);
    raw.child.stdin!.end();
    stats.inputs++;
    host = raw;
    const timeout = setTimeout(() => raw.child.kill('SIGKILL'), ANSWER_TIMEOUT_MS);
    await judgeExit();
    clearTimeout(timeout);
  }
  return stats;
}
