import type { FileTransferView } from '@rs/protocol';
import type { FilesStore, FileTransferPatch, FileTransferRecord, RelayRefusal } from './files-store.ts';
import { bool, str, type Row, type Sql } from './sql.ts';

const transferFrom = (r: Row): FileTransferRecord => ({
  id: String(r.id),
  sessionId: String(r.session_id),
  from: r.from_side === 'rep' ? 'rep' : 'customer',
  senderName: String(r.sender_name),
  name: String(r.name),
  size: Number(r.size),
  sha256: String(r.sha256),
  state: r.state as FileTransferView['state'],
  route: str(r.route) as FileTransferView['route'],
  relayReady: bool(r.relay_ready),
  by: r.by_side as FileTransferView['by'],
  at: Number(r.at),
  error: str(r.error),
  relaySeq: Number(r.relay_seq),
  relayBytes: Number(r.relay_bytes),
  relaySent: Number(r.relay_sent),
  createdAt: Number(r.created_at),
});

const PATCH_COLUMNS: Record<keyof FileTransferPatch, string> = { state: 'state', route: 'route', relayReady: 'relay_ready', by: 'by_side', at: 'at', error: 'error' };

/** The transfer tables in portable SQL, sharing the main store's driver. */
export class SqlFilesStore implements FilesStore {
  readonly #sql: Sql;
  constructor(sql: Sql) {
    this.#sql = sql;
  }

  async createTransfer(t: FileTransferRecord): Promise<boolean> {
    const changed = await this.#sql.run(
      `INSERT INTO file_transfers (id, session_id, from_side, sender_name, name, size, sha256, state, route, relay_ready, by_side, at, error, relay_seq, relay_bytes, relay_sent, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`,
      [t.id, t.sessionId, t.from, t.senderName, t.name, t.size, t.sha256, t.state, t.route, t.relayReady, t.by, t.at, t.error, t.relaySeq, t.relayBytes, t.relaySent, t.createdAt],
    );
    return changed === 1;
  }

  async transfer(id: string): Promise<FileTransferRecord | null> {
    const r = await this.#sql.get('SELECT * FROM file_transfers WHERE id = ?', [id]);
    return r ? transferFrom(r) : null;
  }

  async transfersOfSession(sessionId: string): Promise<FileTransferRecord[]> {
    return (await this.#sql.all('SELECT * FROM file_transfers WHERE session_id = ? ORDER BY created_at, id', [sessionId])).map(transferFrom);
  }

  async updateTransfer(id: string, expected: readonly FileTransferView['state'][], patch: FileTransferPatch): Promise<FileTransferRecord | null> {
    const keys = (Object.keys(patch) as (keyof FileTransferPatch)[]).filter((k) => patch[k] !== undefined);
    if (keys.length === 0 || expected.length === 0) return null;
    const set = keys.map((k) => `${PATCH_COLUMNS[k]} = ?`).join(', ');
    const changed = await this.#sql.run(
      `UPDATE file_transfers SET ${set} WHERE id = ? AND state IN (${expected.map(() => '?').join(', ')})`,
      [...keys.map((k) => patch[k]), id, ...expected],
    );
    return changed === 1 ? this.transfer(id) : null;
  }

  countRelayChunk(id: string, seq: number, bytes: number, quota: { perSession: number; total: number }): Promise<{ stored: number } | { refused: RelayRefusal }> {
    // One relay quota for every node: the check and the count cannot interleave with another node's.
    return this.#sql.exclusive('relay-quota', async (sql) => {
      const t = await sql.get('SELECT session_id, relay_seq, relay_bytes FROM file_transfers WHERE id = ?', [id]);
      if (!t || Number(t.relay_seq) !== seq) return { refused: 'moved' as const };
      const session = await sql.get('SELECT COALESCE(SUM(relay_sent), 0) AS n FROM file_transfers WHERE session_id = ?', [t.session_id]);
      if (Number(session?.n ?? 0) + bytes > quota.perSession) return { refused: 'session_quota' as const };
      const held = await sql.get('SELECT COALESCE(SUM(relay_bytes), 0) AS n FROM file_transfers WHERE relay_bytes > 0');
      if (Number(held?.n ?? 0) + bytes > quota.total) return { refused: 'total_quota' as const };
      const changed = await sql.run(
        'UPDATE file_transfers SET relay_seq = relay_seq + 1, relay_bytes = relay_bytes + ?, relay_sent = relay_sent + ? WHERE id = ? AND relay_seq = ?',
        [bytes, bytes, id, seq],
      );
      return changed === 1 ? { stored: Number(t.relay_bytes) + bytes } : { refused: 'moved' as const };
    });
  }

  relayLock<T>(id: string, fn: (files: FilesStore) => Promise<T>): Promise<T> {
    // PostgreSQL: an advisory lock held by a transaction of its own for as long as fn runs; SQLite: one process, a queue.
    return this.#sql.exclusive(`relay:${id}`, (sql) => fn(new SqlFilesStore(sql)));
  }

  async releaseRelay(id: string): Promise<void> {
    await this.#sql.run('UPDATE file_transfers SET relay_bytes = 0 WHERE id = ?', [id]);
  }
}
