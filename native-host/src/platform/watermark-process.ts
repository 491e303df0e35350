import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import type { Watermark } from './types.ts';

/** What the watermark says, on every platform. */
export const watermarkText = (repName: string) => `Remote support: ${repName} is connected`;

/** The notice to draw: the extension's translation when it names the representative, else the English one (the name is the point of it). */
export const noticeText = (repName: string, text?: string): string => (text !== undefined && text.includes(repName) ? text : watermarkText(repName));

/**
 * A watermark drawn by a child process (Windows, macOS): a constant script
 * that reads the text from `ORS_WATERMARK_TEXT`, so message data is never
 * parsed as code. The overlay lives as long as the child: hide() kills it,
 * and so does the host's exit.
 */
export class ProcessWatermark implements Watermark {
  readonly #command: string;
  readonly #args: readonly string[];
  readonly #options: SpawnOptions;
  #child: ChildProcess | null = null;

  constructor(command: string, args: readonly string[], options: SpawnOptions = {}) {
    this.#command = command;
    this.#args = args;
    this.#options = options;
    process.once('exit', () => this.#child?.kill());
  }

  async show(repName: string, text?: string): Promise<void> {
    await this.hide();
    this.#child = spawn(this.#command, this.#args, {
      ...this.#options,
      env: { ...process.env, ...this.#options.env, ORS_WATERMARK_TEXT: noticeText(repName, text) },
      stdio: 'ignore',
    });
    this.#child.on('error', () => {});
  }

  async hide(): Promise<void> {
    this.#child?.kill();
    this.#child = null;
  }

  async close(): Promise<void> {
    await this.hide();
  }
}
