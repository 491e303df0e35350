import { NATIVE_PROTOCOL_VERSION, parseExtensionToHost, ProtocolError, type HostToExtension, type WireError } from '@rs/protocol';
import { ControlGate } from './control.ts';
import { handlers, type HandlerContext } from './handlers.ts';
import type { Platform } from './platform/types.ts';
import { correlationId, describeError } from './last-resort.ts';

export const HOST_VERSION = '0.1.0';

export type DispatcherOptions = {
  platform: Platform;
  send(message: HostToExtension): Promise<void>;
  log(line: string): void;
  holdOffMs?: number;
};

const idOf = (raw: unknown): string | null => {
  const id = typeof raw === 'object' && raw !== null ? (raw as { id?: unknown }).id : undefined;
  return typeof id === 'string' && id.length > 0 && id.length <= 64 ? id : null;
};

/**
 * Validates each decoded frame and routes it: `hello` first (a mismatch gets
 * `incompatible` and ends the host), then one handler per type. A bad message
 * gets a typed error and the host reads on; a handler that throws gets an
 * `internal` error, never a crash.
 */
export class Dispatcher {
  readonly #options: DispatcherOptions;
  readonly gate: ControlGate;
  #greeted = false;
  /** Set when a handler or the handshake ends the host; the exit code. */
  exitCode: number | null = null;

  constructor(options: DispatcherOptions) {
    this.#options = options;
    this.gate = new ControlGate({
      input: options.platform.input,
      keyboard: options.platform.keyboardWatch,
      holdOffMs: options.holdOffMs,
      onLocalInput: () => void options.send({ type: 'control.localInput' }).catch(() => {}),
      onError: (error) => options.log(`input failed: ${String(error)}`),
    });
  }

  async sendError(id: string | null, error: WireError): Promise<void> {
    await this.#options.send({ type: 'error', id, code: error.code, message: error.message });
  }

  async handle(raw: unknown): Promise<void> {
    const parsed = parseExtensionToHost(raw);
    if (!parsed.ok) return this.sendError(idOf(raw), parsed.error);
    const message = parsed.value;
    if (message.type === 'hello') {
      if (message.v !== NATIVE_PROTOCOL_VERSION) {
        await this.#options.send({ type: 'incompatible', id: message.id, v: NATIVE_PROTOCOL_VERSION });
        this.exitCode = 6;
        return;
      }
      this.#greeted = true;
      await this.#options.send({ type: 'helloResponse', id: message.id, v: NATIVE_PROTOCOL_VERSION, hostVersion: HOST_VERSION, platform: process.platform });
      return;
    }
    if (!this.#greeted) {
      return this.sendError(idOf(message), { code: 'handshake_required', message: 'hello must come first' });
    }
    const ctx: HandlerContext = {
      platform: this.#options.platform,
      gate: this.gate,
      send: this.#options.send,
      log: this.#options.log,
      exit: (code) => {
        this.exitCode = code;
      },
    };
    try {
      await (handlers[message.type] as (m: typeof message, c: HandlerContext) => Promise<void>)(message, ctx);
    } catch (error) {
      const ref = correlationId();
      this.#options.log(`[ref ${ref}] ${message.type} failed: ${describeError(error)}`);
      // A typed failure (the watermark could not be drawn) keeps its code; anything else says only "internal".
      if (error instanceof ProtocolError) await this.sendError(idOf(message), error.toWire());
      else await this.sendError(idOf(message), { code: 'internal', message: `${message.type} failed (ref ${ref})` });
    }
  }
}
