import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { CUSTOMER_EXTENSION, NATIVE_PROTOCOL_VERSION } from '@rs/protocol';
import { encodeFrame, FrameDecoder } from './framing.ts';
import { startXvfb, type TestDisplay } from './testing.ts';

/**
 * The hello is answered before the input (nut.js and its addon), X11 and
 * watermark modules are loaded: the host from source under a module load hook
 * that writes a frame of its own to the same stdout, synchronously, whenever
 * one of them loads, so the order seen on the pipe is the order in the host.
 */
const CLI = fileURLToPath(new URL('./cli.ts', import.meta.url));
const HOOK = `data:text/javascript,${encodeURIComponent(`
import { registerHooks } from 'node:module';
import { writeSync } from 'node:fs';
const WATCHED = /platform\\/(input\\.nut|x11-client|watermark\\.linux|keyboard-watch\\.linux)\\.ts$|@nut-tree-fork\\/nut-js\\//;
const seen = new Set();
registerHooks({
  load(url, context, nextLoad) {
    const m = WATCHED.exec(url);
    if (m && !seen.has(m[0])) {
      seen.add(m[0]);
      const body = Buffer.from(JSON.stringify({ probe: 'module loaded', module: m[0] }));
      const len = Buffer.alloc(4);
      len.writeUInt32LE(body.length);
      writeSync(1, Buffer.concat([len, body]));
    }
    return nextLoad(url, context);
  },
});
`)}`;

let xvfb: TestDisplay;
beforeAll(async () => {
  xvfb = await startXvfb(1024, 768);
});
afterAll(async () => {
  await xvfb?.close();
});

it('answers hello before it loads the input, X11 and watermark modules, and loads them for the first request that needs them', async () => {
  const child = spawn(process.execPath, ['--import', HOOK, CLI, `chrome-extension://${CUSTOMER_EXTENSION.id}/`], {
    env: { ...process.env, DISPLAY: xvfb.display },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const frames: Array<Record<string, unknown>> = [];
  const decoder = new FrameDecoder();
  let changed: () => void = () => {};
  child.stdout.on('data', (chunk: Buffer) => {
    for (const f of decoder.push(chunk)) if (f.ok) frames.push(f.value as Record<string, unknown>);
    changed();
  });
  const until = (match: (m: Record<string, unknown>) => boolean) =>
    new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`timed out; frames ${JSON.stringify(frames)}\n${stderr}`)), 20_000);
      const look = () => {
        const at = frames.findIndex(match);
        if (at >= 0) {
          clearTimeout(timer);
          resolve(at);
        } else changed = look;
      };
      look();
    });
  try {
    child.stdin.write(encodeFrame({ type: 'hello', id: 'h', v: NATIVE_PROTOCOL_VERSION }));
    const hello = await until((m) => m.type === 'helloResponse');
    const before = frames.slice(0, hello).filter((m) => m.probe === 'module loaded');
    expect(before).toEqual([]);

    // The first request that needs the platform loads it (the watermark, here), and is answered.
    child.stdin.write(encodeFrame({ type: 'watermark.show', id: 'w', repName: 'Ada' }));
    const ok = await until((m) => m.id === 'w');
    expect(frames[ok]).toEqual({ type: 'ok', id: 'w' });
    const loaded = frames.filter((m) => m.probe === 'module loaded').map((m) => m.module);
    expect(loaded).toContain('platform/watermark.linux.ts');
    expect(loaded).toContain('platform/input.nut.ts');
  } finally {
    child.stdin.end();
    await new Promise((r) => child.once('exit', r));
  }
}, 60_000);
