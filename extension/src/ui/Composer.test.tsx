import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { ProtocolError } from '@rs/protocol';
import { Composer } from './Composer.tsx';

function typeInto(box: HTMLElement, text: string): void {
  fireEvent.input(box, { target: { value: text } });
}

describe('Composer', () => {
  afterEach(cleanup);

  it('sends on Enter and clears once the send succeeded', async () => {
    const sent: string[] = [];
    render(<Composer onSend={async (text) => void sent.push(text)} />);
    const box = screen.getByRole('textbox', { name: 'Message' }) as HTMLTextAreaElement;
    typeInto(box, 'hello there');
    fireEvent.keyDown(box, { key: 'Enter' });
    expect(sent).toEqual(['hello there']);
    await waitFor(() => expect(box.value).toBe(''));
  });

  it('does not send on Shift+Enter', () => {
    const onSend = vi.fn(async () => {});
    render(<Composer onSend={onSend} />);
    const box = screen.getByRole('textbox', { name: 'Message' });
    typeInto(box, 'line one');
    fireEvent.keyDown(box, { key: 'Enter', shiftKey: true });
    expect(onSend).not.toHaveBeenCalled();
  });

  it('sends with the Send button, and keeps the text and shows the error (by its code, not the server text) when sending fails', async () => {
    render(<Composer onSend={() => Promise.reject(new ProtocolError('invalid_state', 'The session has ended.'))} />);
    const box = screen.getByRole('textbox', { name: 'Message' }) as HTMLTextAreaElement;
    typeInto(box, 'are you there?');
    fireEvent.click(screen.getByRole('button', { name: 'Send' }));
    expect(await screen.findByRole('alert')).toHaveProperty('textContent', 'That is not possible right now.');
    expect(box.value).toBe('are you there?');
  });

  it('does not send blank text', () => {
    const onSend = vi.fn(async () => {});
    render(<Composer onSend={onSend} />);
    const box = screen.getByRole('textbox', { name: 'Message' });
    typeInto(box, '   ');
    fireEvent.keyDown(box, { key: 'Enter' });
    expect(onSend).not.toHaveBeenCalled();
  });
});
