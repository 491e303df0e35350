import { describe, expect, it } from 'vitest';
import { PgStore } from './pg.ts';
import { pgSuite } from './pg-suite.ts';

/**
 * What two server processes on one PostgreSQL database do at the same moment:
 * each side is its own pool, as a second process would be. Every race runs
 * several times, since one run may happen not to overlap.
 */
describe('PgStore under concurrent writers', { timeout: 30_000 }, () => {
  const { cluster, later } = pgSuite();
  const twoProcesses = async () => {
    const url = await cluster().freshDatabase();
    const stores = await Promise.all([PgStore.open(url), PgStore.open(url)]);
    later(() => Promise.all(stores.map((s) => s.close())));
    return stores;
  };
  const session = (id: string) => ({
    id, state: 'queued' as const, customerName: 'Ada', customerTokenHash: `h-${id}`, repId: null,
    createdAt: 1, queuedAt: 1, acceptedAt: null, endedAt: null, endReason: null,
  });
  const rep = (id: string, role: 'rep' | 'admin') => ({ id, username: id, displayName: id, role, passwordHash: 'h', createdAt: 1 });

  it('lets exactly one of two accepts of a queued session win', async () => {
    const [a, b] = await twoProcesses();
    await a.createRep(rep('r1', 'rep'));
    await a.createRep(rep('r2', 'rep'));
    for (let i = 0; i < 20; i++) {
      await a.createSession(session(`s${i}`));
      const won = await Promise.all([
        a.transitionSession(`s${i}`, 'queued', { state: 'active', repId: 'r1', acceptedAt: 2 }),
        b.transitionSession(`s${i}`, 'queued', { state: 'active', repId: 'r2', acceptedAt: 2 }),
      ]);
      expect(won.filter((w) => w !== null)).toHaveLength(1);
      expect((await a.session(`s${i}`))?.repId).toBe(won.find((w) => w !== null)?.repId);
    }
  });

  it('never lets two admins disabling or demoting each other at once remove the last enabled admin', async () => {
    const [a, b] = await twoProcesses();
    const enabledAdmins = async () => (await a.people.people()).filter((p) => p.role === 'admin' && p.disabledAt === null).map((p) => p.id);
    for (let i = 0; i < 20; i++) {
      const [survivor] = await enabledAdmins();
      await a.createRep(rep(`x${i}`, 'admin'));
      await a.createRep(rep(`y${i}`, 'admin'));
      // The previous round's survivor steps down: exactly x and y are enabled admins now.
      if (survivor) expect(await a.people.setRole(survivor, 'rep')).toBe('ok');
      const outcomes = i % 2 === 0
        ? await Promise.all([a.people.setDisabled(`x${i}`, 5), b.people.setDisabled(`y${i}`, 5)])
        : await Promise.all([a.people.setRole(`x${i}`, 'rep'), b.people.setRole(`y${i}`, 'rep')]);
      expect(outcomes.sort()).toEqual(['last_admin', 'ok']);
      expect(await enabledAdmins()).toHaveLength(1);
    }
  });

  it('numbers transcript lines from two processes without gaps or duplicates', async () => {
    const [a, b] = await twoProcesses();
    await a.createSession(session('s1'));
    const line = (n: number) => ({ id: `m${n}`, sessionId: 's1', author: 'customer' as const, authorName: 'Ada', text: `${n}`, at: n });
    const appended = await Promise.all(Array.from({ length: 40 }, (_, n) => (n % 2 ? a : b).appendMessage(line(n))));
    expect(appended.map((m) => m.seq).sort((x, y) => x - y)).toEqual(Array.from({ length: 40 }, (_, n) => n + 1));
    expect((await b.messages('s1')).map((m) => m.seq)).toEqual(Array.from({ length: 40 }, (_, n) => n + 1));
  });

  it('redeems a session key and counts a recording chunk once', async () => {
    const [a, b] = await twoProcesses();
    await a.createRep(rep('r1', 'rep'));
    await a.createSession(session('s1'));
    await a.createRecording({ id: 'rec', sessionId: 's1', repId: 'r1', mimeType: 'video/webm', startedAt: 1, updatedAt: 1, bytes: 0, chunks: 0, finished: false });
    for (let i = 0; i < 10; i++) {
      await a.workflow.createKey({ id: `k${i}`, codeHash: `c${i}`, repId: 'r1', incident: 'I', customerEmail: null, createdAt: 1, expiresAt: 9, usedAt: null, sessionId: null });
      const used = await Promise.all([a.workflow.useKey(`k${i}`, 2), b.workflow.useKey(`k${i}`, 3)]);
      expect(used.filter(Boolean)).toHaveLength(1);
      const chunk = await Promise.all([a.appendRecordingChunk('rec', i, 10, 2), b.appendRecordingChunk('rec', i, 10, 2)]);
      expect(chunk.filter(Boolean)).toHaveLength(1);
    }
    expect(await b.recording('rec')).toMatchObject({ chunks: 10, bytes: 100 });
  });
});
