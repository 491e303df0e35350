/** The part of the browser's WebSocket the live client uses, so that tests can pass a fake. */
export interface SocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((event: unknown) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  onclose: ((event: { code: number; reason: string }) => void) | null;
  onerror: ((event: unknown) => void) | null;
}

export type SocketFactory = (url: string, protocols: string[]) => SocketLike;

/** WebSocket.OPEN, without needing the global in tests. */
export const SOCKET_OPEN = 1;

export const defaultSocketFactory: SocketFactory = (url, protocols) =>
  // The DOM's handler signatures are wider than SocketLike's; the members used here match.
  new WebSocket(url, protocols) as unknown as SocketLike;
