import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render, screen, within } from '@testing-library/preact';
import type { QueueEntry } from '@rs/protocol';
import { Queue } from './Queue.tsx';

describe('Queue', () => {
  afterEach(cleanup);

  it('says so when nobody is waiting', () => {
    render(<Queue entries={[]} clockOffsetMs={0} onAccept={() => {}} />);
    const region = screen.getByRole('region', { name: 'Queue' });
    expect(within(region).getByText('No customers are waiting.')).toBeTruthy();
    expect(within(region).queryByRole('list')).toBeNull();
  });

  it('lists each waiting customer with an Accept button named after them', () => {
    const now = Date.now();
    const entries: QueueEntry[] = [
      { sessionId: 'sess_0001abcd', customerName: 'Ada Lovelace', queuedAt: now - 7_000 },
      { sessionId: 'sess_0002abcd', customerName: '<i>Bob</i>', queuedAt: now - 65_000 },
    ];
    const accepted: string[] = [];
    render(<Queue entries={entries} clockOffsetMs={0} onAccept={(id) => accepted.push(id)} />);
    const items = screen.getAllByRole('listitem');
    expect(items).toHaveLength(2);
    expect(items[0]!.textContent).toContain('Ada Lovelace');
    expect(items[0]!.textContent).toMatch(/Waiting 0:0[78]/);
    expect(items[1]!.textContent).toMatch(/Waiting 1:0[56]/);
    expect(items[1]!.querySelector('i')).toBeNull();

    const button = screen.getByRole('button', { name: 'Accept <i>Bob</i>' });
    expect(button.textContent).toBe('Accept');
    fireEvent.click(screen.getByRole('button', { name: 'Accept Ada Lovelace' }));
    expect(accepted).toEqual(['sess_0001abcd']);
    expect(screen.queryByText('No customers are waiting.')).toBeNull();
  });
});
