import type { FileTransferView } from '@rs/protocol';

/** A file transfer as stored: what both parties see, plus the relay's bookkeeping for it. */
export interface FileTransferRecord extends FileTransferView {
  sessionId: string;
  /** The next relay chunk expected from the sender (0 before the first). */
  relaySeq: number;
  /** Bytes of this transfer on the relay's disk now (0 once its file is deleted). */
  relayBytes: number;
  /** Bytes this transfer ever sent through the relay (never goes down: the session's quota counts them). */
  relaySent: number;
  createdAt: number;
}

/** The parts of a transfer a state change may set. */
export type FileTransferPatch = Partial<Pick<FileTransferView, 'state' | 'route' | 'relayReady' | 'by' | 'at' | 'error'>>;

/** Why the relay refused to count a chunk. */
export type RelayRefusal = 'moved' | 'session_quota' | 'total_quota';

/** File transfers and the relay's metadata; part of every Store (`store.files`), so every node and a restarted one see the same. */
export interface FilesStore {
  /** False when the id is taken (by any session). */
  createTransfer(transfer: FileTransferRecord): Promise<boolean>;
  transfer(id: string): Promise<FileTransferRecord | null>;
  /** Oldest first. */
  transfersOfSession(sessionId: string): Promise<FileTransferRecord[]>;
  /** Applies `patch` only while the transfer is in one of `expected` states; the updated record, or null when it was not. */
  updateTransfer(id: string, expected: readonly FileTransferView['state'][], patch: FileTransferPatch): Promise<FileTransferRecord | null>;
  /**
   * Counts relay chunk `seq` of `bytes` for the transfer, if `seq` is the one expected and the quotas hold:
   * the session's bytes over its life at most `perSession`, the bytes on the relay's disk at most `total`
   * (checked and counted atomically across every node). The new byte count, or why not.
   */
  countRelayChunk(id: string, seq: number, bytes: number, quota: { perSession: number; total: number }): Promise<{ stored: number } | { refused: RelayRefusal }>;
  /**
   * Runs `fn` while no other `relayLock` of this transfer runs, on any node sharing the database (one writer per
   * relay file). `fn` gets the files store to use meanwhile: on PostgreSQL it works on the lock's own connection,
   * so an upload never holds one connection while it waits for a second (a pool of N would stall at N uploads).
   */
  relayLock<T>(id: string, fn: (files: FilesStore) => Promise<T>): Promise<T>;
  /** The transfer's relay file was deleted: its bytes no longer count toward the total. */
  releaseRelay(id: string): Promise<void>;
}
