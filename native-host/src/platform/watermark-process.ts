import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { ProtocolError } from '@rs/protocol';
import type { Watermark } from './types.ts';

/** What the watermark says, on every platform. */
export const watermarkText = (repName: string) => `Remote support: ${repName} is connected`;

/** The notice to draw: the extension's translation when it names the representative, else the English one (the name is the point of it). */
export const noticeText = (repName: string, text?: string): string => (text !== undefined && text.includes(repName) ? text : watermarkText(repName));

/** The line an overlay script prints on stdout once its windows are on screen. */
export const OVERLAY_UP = 'ORS_WATERMARK_UP';

/**
 * A watermark drawn by a child process (Windows, macOS): a constant script
 * that reads the text from `ORS_WATERMARK_TEXT`, so message data is never
 * parsed as code. show() resolves only once the script reports that its
 * windows are up (`OVERLAY_UP` on its stdout); a script that cannot start,
 * ends first (Wine's powershell.exe is a stub that exits at once), or stays
 * silent past `readyTimeoutMs` is a `watermark_unavailable` error, never an
 * overlay reported as drawn. The overlay lives as long as the child: hide()
 * kills it, and so does the host's exit.
 */
export class ProcessWatermark implements Watermark {
  readonly #command: string;
  readonly #args: readonly string[];
  readonly #options: SpawnOptions;
  readonly #readyTimeoutMs: number;
  #child: ChildProcess | null = null;

  constructor(command: string, args: readonly string[], options: SpawnOptions = {}, readyTimeoutMs = 15_000) {
    this.#command = command;
    this.#args = args;
    this.#options = options;
    this.#readyTimeoutMs = readyTimeoutMs;
    process.once('exit', () => this.#child?.kill());
  }

  async show(repName: string, text?: string): Promise<void> {
    await this.hide();
    const child = spawn(this.#command, this.#args, {
      ...this.#options,
      env: { ...process.env, ...this.#options.env, ORS_WATERMARK_TEXT: noticeText(repName, text) },
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    this.#child = child;
    await new Promise<void>((resolve, reject) => {
      let seen = '';
      const fail = (why: string) => {
        cleanup();
        child.kill();
        if (this.#child === child) this.#child = null;
        reject(new ProtocolError('watermark_unavailable', `the watermark cannot be shown: ${why}`));
      };
      const onData = (chunk: Buffer) => {
        seen = (seen + chunk.toString('utf8')).slice(-200);
        if (!seen.includes(OVERLAY_UP)) return;
        cleanup();
        // Keep reading, so a chatty script never blocks on a full pipe.
        child.stdout?.resume();
        resolve();
      };
      const onError = (error: Error) => fail(`${this.#command} could not start (${error.message})`);
      const onExit = (code: number | null, signal: string | null) => fail(`${this.#command} ended (${signal ?? `exit ${code}`}) before it was up`);
      const timer = setTimeout(() => fail(`${this.#command} did not report that it was up within ${this.#readyTimeoutMs} ms`), this.#readyTimeoutMs);
      const cleanup = () => {
        clearTimeout(timer);
        child.stdout?.off('data', onData);
        child.off('error', onError);
        child.off('exit', onExit);
        child.on('error', () => {});
      };
      child.stdout?.on('data', onData);
      child.once('error', onError);
      child.once('exit', onExit);
    });
  }

  async hide(): Promise<void> {
    this.#child?.kill();
    this.#child = null;
  }

  async close(): Promise<void> {
    await this.hide();
  }
}
