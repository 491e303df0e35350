import { NATIVE_PROTOCOL_VERSION, parseHostToExtension, ProtocolError, type ExtensionToHost, type HostToExtension } from '@rs/protocol';

/** The part of `runtime.Port` (from `connectNative`) this client uses; a fake in tests. */
export interface PortLike {
  postMessage(message: unknown): void;
  disconnect(): void;
  onMessage: { addListener(listener: (message: unknown) => void): void };
  onDisconnect: { addListener(listener: () => void): void };
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
export type HostRequest = DistributiveOmit<Extract<ExtensionToHost, { id: string }>, 'id'>;
export type HostNotice = Exclude<ExtensionToHost, { id: string }>;

/**
 * One connection to the native host: `hello` first, then correlated requests
 * (id, timeout, rejected with `closed` when the port goes) and notices. Every
 * message from the host is validated; anything else is dropped.
 */
export class NativeHostClient {
  readonly #port: PortLike;
  readonly #pending = new Map<string, { resolve: (m: HostToExtension) => void; reject: (e: ProtocolError) => void; timer: ReturnType<typeof setTimeout> }>();
  readonly #timeoutMs: number;
  #seq = 0;
  #closed = false;
  #onClose: Array<() => void> = [];
  #onNotice: Array<(m: HostToExtension) => void> = [];

  constructor(port: PortLike, timeoutMs = 10_000) {
    this.#port = port;
    this.#timeoutMs = timeoutMs;
    port.onMessage.addListener((raw) => {
      const parsed = parseHostToExtension(raw);
      if (!parsed.ok) return;
      const m = parsed.value;
      const id = 'id' in m ? m.id : null;
      const pending = id !== null ? this.#pending.get(id) : undefined;
      if (pending && id !== null) {
        this.#pending.delete(id);
        clearTimeout(pending.timer);
        if (m.type === 'error') pending.reject(new ProtocolError(m.code, m.message));
        else if (m.type === 'incompatible') pending.reject(new ProtocolError('incompatible', `the helper speaks version ${m.v}`));
        else pending.resolve(m);
        return;
      }
      for (const listener of this.#onNotice) listener(m);
    });
    port.onDisconnect.addListener(() => this.#closeLocal());
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** The handshake; rejects when the host is missing (the port drops at once), refuses or is silent. */
  async hello(): Promise<HostToExtension> {
    return this.request({ type: 'hello', v: NATIVE_PROTOCOL_VERSION });
  }

  request(message: HostRequest): Promise<HostToExtension> {
    if (this.#closed) return Promise.reject(new ProtocolError('closed', 'the helper is not connected'));
    const id = `x${++this.#seq}`;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#pending.delete(id);
        reject(new ProtocolError('timeout', `the helper did not answer ${message.type}`));
      }, this.#timeoutMs);
      this.#pending.set(id, { resolve, reject, timer });
      this.#port.postMessage({ ...message, id });
    });
  }

  notify(message: HostNotice): void {
    if (!this.#closed) this.#port.postMessage(message);
  }

  onNotice(listener: (m: HostToExtension) => void): void {
    this.#onNotice.push(listener);
  }

  onClose(listener: () => void): void {
    if (this.#closed) listener();
    else this.#onClose.push(listener);
  }

  close(): void {
    if (this.#closed) return;
    this.#port.disconnect();
    this.#closeLocal();
  }

  #closeLocal(): void {
    if (this.#closed) return;
    this.#closed = true;
    for (const [, p] of this.#pending) {
      clearTimeout(p.timer);
      p.reject(new ProtocolError('closed', 'the helper disconnected'));
    }
    this.#pending.clear();
    for (const listener of this.#onClose.splice(0)) listener();
  }
}
