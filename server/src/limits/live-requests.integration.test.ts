import { describe, expect, it } from 'vitest';
import type { CreateSessionResponse } from '@rs/protocol';
import { api, CONSOLE_ORIGIN, CUSTOMER_ORIGIN, login } from '../testing.ts';
import { useTestServer } from '../testing-hooks.ts';

const t = useTestServer({ CUSTOMER_GRACE_MS: '60000', LIVE_REQUESTS_PER_MINUTE: '5' });

describe('live requests per party', () => {
  // Each share.stop writes two session events and fans out to every party: a customer whose session was
  // accepted wrote 56,885 event rows in 10 s before this budget.
  it('past LIVE_REQUESTS_PER_MINUTE a customer request is refused with rate_limited before it writes; chat keeps its own budget, the representative is not slowed', async () => {
    const { session, customerToken } = (await api<CreateSessionResponse>(t.srv.url, '/api/sessions', { body: { customerName: 'Flo' } })).body;
    const rep = await t.open(await login(t.srv.url), CONSOLE_ORIGIN);
    const customer = await t.open(customerToken, CUSTOMER_ORIGIN);
    expect(await rep.request({ type: 'session.accept', id: 'a', sessionId: session.id })).toMatchObject({ type: 'reply' });
    for (let i = 0; i < 5; i++)
      expect(await customer.request({ type: 'share.stop', id: `s${i}`, sessionId: session.id, reason: 'customer_stopped' })).toMatchObject({ type: 'reply' });
    const before = (await t.srv.store.events(session.id)).length;
    const refused = await customer.request({ type: 'share.stop', id: 's5', sessionId: session.id, reason: 'customer_stopped' });
    expect(refused).toMatchObject({ type: 'error', code: 'rate_limited' });
    expect(refused.type === 'error' && refused.retryAfterMs).toBeGreaterThan(0);
    expect((await t.srv.store.events(session.id)).length).toBe(before);

    expect(await customer.request({ type: 'chat.send', id: 'c', sessionId: session.id, text: 'still here' })).toMatchObject({ type: 'reply' });
    expect(await rep.request({ type: 'permission.request', id: 'p', sessionId: session.id, permission: 'view' })).toMatchObject({ type: 'reply' });
  });
});
