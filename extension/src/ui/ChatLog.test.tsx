import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import type { ChatMessage } from '@rs/protocol';
import { ChatLog } from './ChatLog.tsx';

const base = { sessionId: 'sess_0001abcd', at: 1_700_000_000_000 };
const hostile = '<img src=x onerror="window.__pwned = true">';

describe('ChatLog', () => {
  afterEach(cleanup);

  it('renders untrusted names and text literally, creating no elements', () => {
    const messages: ChatMessage[] = [
      { ...base, id: 'msg_0000001a', seq: 1, author: 'customer', authorName: '<b>Mallory</b>', text: hostile },
    ];
    render(<ChatLog messages={messages} self="rep" />);
    const log = screen.getByRole('log', { name: 'Conversation' });
    expect(log.querySelector('img')).toBeNull();
    expect(log.querySelector('b')).toBeNull();
    expect(log.textContent).toContain(hostile);
    expect(log.textContent).toContain('<b>Mallory</b>');
  });

  it('shows each line with its author, and marks system lines', () => {
    const messages: ChatMessage[] = [
      { ...base, id: 'msg_0000001a', seq: 1, author: 'customer', authorName: 'Ada', text: 'My printer is on fire' },
      { ...base, id: 'msg_0000002a', seq: 2, author: 'system', authorName: 'System', text: 'The customer has left the conversation.' },
    ];
    render(<ChatLog messages={messages} self="rep" />);
    const log = screen.getByRole('log', { name: 'Conversation' });
    const lines = log.querySelectorAll('.chat-line');
    expect(lines).toHaveLength(2);
    expect(lines[0]!.textContent).toBe('Ada: My printer is on fire');
    expect(lines[1]!.classList.contains('chat-line--system')).toBe(true);
    expect(lines[1]!.textContent).toBe('The customer has left the conversation.');
  });

  it('offers "Show earlier messages" only when older lines exist, and runs the loader', async () => {
    const messages: ChatMessage[] = [{ ...base, id: 'msg_0000005a', seq: 5, author: 'customer', authorName: 'Ada', text: 'Still here' }];
    let loads = 0;
    const { rerender } = render(<ChatLog messages={messages} self="rep" earlier={false} onShowEarlier={async () => void loads++} />);
    expect(screen.queryByRole('button', { name: 'Show earlier messages' })).toBeNull();
    rerender(<ChatLog messages={messages} self="rep" earlier onShowEarlier={async () => void loads++} />);
    fireEvent.click(screen.getByRole('button', { name: 'Show earlier messages' }));
    await waitFor(() => expect(loads).toBe(1));
  });
});
