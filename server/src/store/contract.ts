import { expect, it } from 'vitest';
import { DEFAULT_SITE_SETTINGS } from '@rs/protocol';
import type { SessionRecord, Store } from './store.ts';
import { workflowStoreContract } from './workflow-contract.ts';
import { peopleStoreContract } from './people-contract.ts';
import { absenceStoreContract } from './absence-contract.ts';
import { accessStoreContract } from './access-contract.ts';
import { noticeSitesStoreContract } from './notice-sites-contract.ts';
import { afterCommitContract, transactionContract } from './transaction-contract.ts';
import { filesStoreContract, relayLockContract } from './files-contract.ts';
import { consentStoreContract } from './consent-contract.ts';

const session = (id: string, over: Partial<SessionRecord> = {}): SessionRecord => ({
  id,
  state: 'queued',
  customerName: 'Ada',
  customerTokenHash: `hash-${id}`,
  repId: null,
  createdAt: 1,
  queuedAt: 1,
  acceptedAt: null,
  endedAt: null,
  endReason: null,
  ...over,
});

/** The behaviour every Store must have; each backend runs it against a fresh store. */
export function storeContract(fresh: () => Promise<Store>): void {
  const rep = { id: 'rep-1', username: 'ada', displayName: 'Ada L', role: 'rep' as const, passwordHash: 'h', createdAt: 1 };

  it('stores representatives and finds them by unexpired token only', async () => {
    const store = await fresh();
    await store.createRep(rep);
    expect(await store.countReps()).toBe(1);
    expect((await store.repByUsername('ada'))?.displayName).toBe('Ada L');
    await store.createRepToken('t1', rep.id, 1000);
    expect((await store.repByToken('t1', 999))?.id).toBe(rep.id);
    expect(await store.repByToken('t1', 1000)).toBeNull();
    await store.deleteRepToken('t1');
    expect(await store.repByToken('t1', 0)).toBeNull();
    await expect(store.createRep({ ...rep, id: 'rep-2' })).rejects.toThrow();
  });

  it('keeps the first server secret stored under a name, whoever asks next', async () => {
    const store = await fresh();
    const [a, b] = await Promise.all([store.serverSecret('url-signing', 'first', 1), store.serverSecret('url-signing', 'second', 2)]);
    expect(a).toBe(b);
    expect(await store.serverSecret('url-signing', 'third', 3)).toBe(a);
    expect(await store.serverSecret('other', 'x', 3)).toBe('x');
  });

  it('transitions a session only from the expected state', async () => {
    const store = await fresh();
    await store.createRep(rep);
    await store.createSession(session('s1'));
    const first = await store.transitionSession('s1', 'queued', { state: 'active', repId: rep.id, acceptedAt: 5 });
    expect(first).toMatchObject({ state: 'active', repId: rep.id, acceptedAt: 5 });
    expect(await store.transitionSession('s1', 'queued', { state: 'active' })).toBeNull();
    expect((await store.activeSessionsOfRep(rep.id)).map((s) => s.id)).toEqual(['s1']);
    expect((await store.sessionByCustomerToken('hash-s1'))?.id).toBe('s1');
  });

  it('lists the queue oldest first, and recent sessions newest first', async () => {
    const store = await fresh();
    await store.createSession(session('b', { queuedAt: 20, createdAt: 20 }));
    await store.createSession(session('a', { queuedAt: 10, createdAt: 10 }));
    await store.createSession(session('c', { queuedAt: 5, createdAt: 5, state: 'closed' }));
    expect((await store.sessionsInState('queued')).map((s) => s.id)).toEqual(['a', 'b']);
    expect((await store.recentSessions(2)).map((s) => s.id)).toEqual(['b', 'a']);
  });

  it('numbers transcript lines per session, in order', async () => {
    const store = await fresh();
    await store.createSession(session('s1'));
    await store.createSession(session('s2'));
    const line = (id: string, sessionId: string) => ({ id, sessionId, author: 'customer' as const, authorName: 'Ada', text: id, at: 1 });
    const appended = await Promise.all([store.appendMessage(line('m1', 's1')), store.appendMessage(line('m2', 's1')), store.appendMessage(line('m3', 's2'))]);
    expect(appended.map((m) => m.seq)).toEqual([1, 2, 1]);
    expect((await store.messages('s1')).map((m) => m.text)).toEqual(['m1', 'm2']);
  });

  it('persists lines appended at once across sessions, each numbered in call order; a bad line fails alone', async () => {
    const store = await fresh();
    await store.createSession(session('g1'));
    await store.createSession(session('g2'));
    const line = (id: string, sessionId: string) => ({ id, sessionId, author: 'customer' as const, authorName: 'Ada', text: id, at: 1 });
    const calls = [line('a1', 'g1'), line('b1', 'g2'), line('a2', 'g1'), line('x', 'no-such-session'), line('a3', 'g1'), line('b2', 'g2')].map((l) => store.appendMessage(l));
    const settled = await Promise.allSettled(calls);
    expect(settled.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
    expect(settled.map((r) => (r.status === 'fulfilled' ? r.value.seq : null))).toEqual([1, 1, 2, null, 3, 2]);
    // Resolved means persisted: a reader sees every acknowledged line, in order.
    expect((await store.messages('g1')).map((m) => m.text)).toEqual(['a1', 'a2', 'a3']);
    expect((await store.messages('g2')).map((m) => m.text)).toEqual(['b1', 'b2']);
  });

  it('appends a party line only below the transcript cap, in the same statement as its number', async () => {
    const store = await fresh();
    await store.createSession(session('c1'));
    const line = (id: string) => ({ id, sessionId: 'c1', author: 'customer' as const, authorName: 'Ada', text: id, at: 1 });
    const first = await Promise.all([store.appendLine(line('l1'), 3), store.appendLine(line('l2'), 3), store.appendLine(line('l3'), 3), store.appendLine(line('l4'), 3)]);
    expect(first.map((m) => m?.seq ?? null)).toEqual([1, 2, 3, null]);
    expect(await store.appendLine(line('l5'), 3)).toBeNull();
    // System lines have no cap: a full session can still be closed with its closing line.
    expect((await store.appendMessage({ ...line('closing'), author: 'system' })).seq).toBe(4);
    expect((await store.messages('c1')).map((m) => m.text)).toEqual(['l1', 'l2', 'l3', 'closing']);
  });

  it('reads a transcript page back from a sequence number, oldest first', async () => {
    const store = await fresh();
    await store.createSession(session('s1'));
    await store.createSession(session('s2'));
    for (let i = 1; i <= 5; i++) await store.appendMessage({ id: `m${i}`, sessionId: 's1', author: 'customer', authorName: 'Ada', text: `line ${i}`, at: i });
    await store.appendMessage({ id: 'other', sessionId: 's2', author: 'customer', authorName: 'Bo', text: 'elsewhere', at: 1 });
    expect((await store.messagesPage('s1', null, 2)).map((m) => m.seq)).toEqual([4, 5]);
    expect((await store.messagesPage('s1', 4, 2)).map((m) => m.text)).toEqual(['line 2', 'line 3']);
    expect((await store.messagesPage('s1', 2, 10)).map((m) => m.seq)).toEqual([1]);
    expect(await store.messagesPage('s1', 1, 10)).toEqual([]);
    expect((await store.messagesPage('s2', null, 10)).map((m) => m.text)).toEqual(['elsewhere']);
    expect(await store.messagesPage('nope', null, 10)).toEqual([]);
  });

  it('keeps a peer id per session and party (the customer, each representative) and replaces only its tokens', async () => {
    const store = await fresh();
    await store.createSession(session('s1'));
    const customer = (peerId: string, tokenHash: string) => ({ peerId, sessionId: 's1', side: 'customer' as const, repId: null, tokenHash, repTokenHash: null, createdAt: 1 });
    const rep = (peerId: string, repId: string, repTokenHash: string) => ({ peerId, sessionId: 's1', side: 'rep' as const, repId, tokenHash: `t-${peerId}`, repTokenHash, createdAt: 1 });
    const first = await store.issuePeer(customer('p1', 'a'));
    const second = await store.issuePeer(customer('p2', 'b'));
    expect([first.peerId, second.peerId, second.tokenHash, second.repId]).toEqual(['p1', 'p1', 'b', null]);
    expect((await store.peer('p1'))?.tokenHash).toBe('b');
    expect(await store.peer('p2')).toBeNull();
    expect(await store.peerOfSession('s1', 'rep', 'r1')).toBeNull();

    expect((await store.issuePeer(rep('q1', 'r1', 'sign-in-1'))).peerId).toBe('q1');
    const again = await store.issuePeer(rep('q9', 'r1', 'sign-in-2'));
    expect([again.peerId, again.repId, again.repTokenHash]).toEqual(['q1', 'r1', 'sign-in-2']);
    expect((await store.issuePeer(rep('q2', 'r2', 'sign-in-3'))).peerId).toBe('q2');
    expect((await store.peerOfSession('s1', 'rep', 'r2'))?.peerId).toBe('q2');
    expect((await store.peerOfSession('s1', 'rep', 'r1'))?.peerId).toBe('q1');
    expect((await store.peerOfSession('s1', 'customer'))?.peerId).toBe('p1');
  });

  it('records which node holds a peer, and clears it only for that node', async () => {
    const store = await fresh();
    await store.createSession(session('s1'));
    await store.issuePeer({ peerId: 'p1', sessionId: 's1', side: 'customer', repId: null, tokenHash: 'a', repTokenHash: null, createdAt: 1 });
    expect(await store.peerNode('p1')).toBeNull();
    await store.setPeerNode('p1', 'node-a');
    expect(await store.peerNode('p1')).toBe('node-a');
    await store.setPeerNode('p1', 'node-b');
    await store.setPeerNode('p1', null, 'node-a');
    expect(await store.peerNode('p1')).toBe('node-b');
    await store.setPeerNode('p1', null, 'node-b');
    expect(await store.peerNode('p1')).toBeNull();
    expect(await store.peerNode('nobody')).toBeNull();
  });

  it('keeps an audit log of session events', async () => {
    const store = await fresh();
    await store.createSession(session('s1'));
    await store.appendEvent('s1', 'queued', 1, { a: 1 });
    await store.appendEvent('s1', 'closed', 2, { reason: 'x' });
    expect(await store.events('s1')).toEqual([
      { kind: 'queued', at: 1, data: { a: 1 } },
      { kind: 'closed', at: 2, data: { reason: 'x' } },
    ]);
  });

  it('keeps one state per permission of a session, replaced on each change', async () => {
    const store = await fresh();
    await store.createSession(session('s1'));
    await store.createSession(session('s2'));
    await store.setPermission({ sessionId: 's1', kind: 'view', state: 'asked', by: 'rep', at: 1 });
    await store.setPermission({ sessionId: 's1', kind: 'view', state: 'granted', by: 'customer', at: 2 });
    await store.setPermission({ sessionId: 's1', kind: 'control', state: 'refused', by: 'customer', at: 3 });
    expect(await store.permissions('s1')).toEqual([
      { sessionId: 's1', kind: 'control', state: 'refused', by: 'customer', at: 3, repId: null, repName: null },
      { sessionId: 's1', kind: 'view', state: 'granted', by: 'customer', at: 2, repId: null, repName: null },
    ]);
    expect(await store.permissions('s2')).toEqual([]);
  });

  it('stores the recording choice of a session', async () => {
    const store = await fresh();
    await store.createSession(session('s1', { recordingAllowed: true }));
    await store.createSession(session('s2'));
    expect((await store.session('s1'))?.recordingAllowed).toBe(true);
    // Not asked (the site has no recording prompt): null, which refuses recording.
    expect((await store.session('s2'))?.recordingAllowed ?? null).toBeNull();
  });

  it('counts recording chunks in order only', async () => {
    const store = await fresh();
    await store.createRep(rep);
    await store.createSession(session('s1'));
    const recording = { id: 'rec1', sessionId: 's1', repId: rep.id, mimeType: 'video/webm', startedAt: 1, updatedAt: 1, bytes: 0, chunks: 0, finished: false };
    await store.createRecording(recording);
    expect(await store.appendRecordingChunk('rec1', 0, 100, 2)).toBe(true);
    expect(await store.appendRecordingChunk('rec1', 0, 100, 3)).toBe(false);
    expect(await store.appendRecordingChunk('rec1', 1, 50, 4)).toBe(true);
    await store.finishRecording('rec1', 5);
    expect(await store.recording('rec1')).toEqual({ ...recording, bytes: 150, chunks: 2, updatedAt: 5, finished: true });
    expect((await store.recordingsOfSession('s1')).map((r) => r.id)).toEqual(['rec1']);
    expect(await store.recording('nope')).toBeNull();
  });

  it('keeps public sites with their settings, unique by path', async () => {
    const { clickToChat: c } = await fresh();
    await c.createSite({ id: 'site-1', name: 'Support', path: '/', settings: DEFAULT_SITE_SETTINGS }, 1);
    await c.createSite({ id: 'site-2', name: 'Billing', path: '/billing', settings: { ...DEFAULT_SITE_SETTINGS, chatEnabled: false } }, 2);
    await expect(c.createSite({ id: 'site-3', name: 'Again', path: '/billing', settings: DEFAULT_SITE_SETTINGS }, 3)).rejects.toThrow();
    expect((await c.siteByPath('/billing'))?.settings.chatEnabled).toBe(false);
    expect(await c.updateSite({ id: 'site-2', name: 'Bills', path: '/bills', settings: DEFAULT_SITE_SETTINGS })).toBe(true);
    expect(await c.updateSite({ id: 'nope', name: 'x', path: '/x', settings: DEFAULT_SITE_SETTINGS })).toBe(false);
    expect((await c.sites()).map((s) => [s.name, s.path])).toEqual([['Support', '/'], ['Bills', '/bills']]);
  });

  it('keeps notices, and lists the active ones', async () => {
    const { clickToChat: c } = await fresh();
    await c.createNotice({ id: 'n1', title: 'A', text: 'a', active: true, siteIds: null }, 1);
    await c.createNotice({ id: 'n2', title: 'B', text: 'b', active: false, siteIds: null }, 2);
    expect((await c.notices(true)).map((n) => n.id)).toEqual(['n1']);
    await c.updateNotice({ id: 'n1', title: 'A', text: 'a', active: false, siteIds: null });
    expect(await c.notices(true)).toEqual([]);
    expect((await c.notices(false)).length).toBe(2);
  });

  it('stores survey answers once per session, avatars per rep, and recent handle times', async () => {
    const store = await fresh();
    await store.createRep(rep);
    await store.createSession(session('s1', { state: 'closed', repId: rep.id, acceptedAt: 100, endedAt: 400 }));
    await store.createSession(session('s2', { state: 'closed', repId: rep.id, acceptedAt: 100, endedAt: 200, recordingAllowed: true, siteId: null }));
    await store.createSession(session('s3'));
    expect((await store.session('s2'))?.recordingAllowed).toBe(true);
    expect(await store.clickToChat.recentHandleTimes(10)).toEqual([300, 100]);
    await store.createSession(session('s4', { state: 'active', repId: rep.id, acceptedAt: 500 }));
    expect(await store.clickToChat.busyRepIds([rep.id, 'nobody'])).toEqual([rep.id]);
    expect(await store.clickToChat.busyRepIds([])).toEqual([]);
    expect(await store.clickToChat.saveSurvey('s1', { rating: 5 }, 9)).toBe(true);
    expect(await store.clickToChat.saveSurvey('s1', { rating: 1 }, 10)).toBe(false);
    expect(await store.clickToChat.survey('s1')).toEqual({ answers: { rating: 5 }, at: 9 });
    await store.clickToChat.setAvatar(rep.id, { mime: 'image/png', data: new Uint8Array([1, 2]), updatedAt: 1 });
    await store.clickToChat.setAvatar(rep.id, { mime: 'image/gif', data: new Uint8Array([3]), updatedAt: 2 });
    const avatar = await store.clickToChat.avatar(rep.id);
    expect([avatar?.mime, [...(avatar?.data ?? [])]]).toEqual(['image/gif', [3]]);
  });
  workflowStoreContract(fresh);
  peopleStoreContract(fresh);
  absenceStoreContract(fresh);
  noticeSitesStoreContract(fresh);
  accessStoreContract(fresh);
  transactionContract(fresh);
  afterCommitContract(fresh);
  filesStoreContract(fresh);
  relayLockContract(fresh);
  consentStoreContract(fresh);
}
