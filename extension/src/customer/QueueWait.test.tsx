import { afterEach, describe, expect, it, vi } from 'vitest';
import { act, cleanup, render, screen } from '@testing-library/preact';
import { DEFAULT_SITE_SETTINGS, type WaitNotice } from '@rs/protocol';
import { QueueWait } from './QueueWait.tsx';

const wait = (over: Partial<WaitNotice> = {}): WaitNotice => ({ type: 'wait', sessionId: 'sess_0001abcd', position: 2, estimateSeconds: 600, repsAvailable: 1, ...over });

describe('QueueWait', () => {
  afterEach(() => {
    cleanup();
    vi.useRealTimers();
  });

  it('fills the greeting, as text, from the live wait', () => {
    const settings = { ...DEFAULT_SITE_SETTINGS, greeting: '<b>#{position}</b> in {wait}' };
    render(<QueueWait settings={settings} wait={wait()} queuedAt={Date.now()} openUrl={() => {}} />);
    expect(screen.getByRole('region', { name: 'Your place in the queue' }).textContent).toContain('<b>#2</b> in about 10 minutes');
  });

  it('adds a hold message at each interval', () => {
    vi.useFakeTimers();
    const settings = { ...DEFAULT_SITE_SETTINGS, holdIntervalSeconds: 5, holdMessage: 'Still #{position}' };
    render(<QueueWait settings={settings} wait={wait({ position: 1 })} queuedAt={Date.now()} openUrl={() => {}} />);
    expect(screen.queryByRole('list', { name: 'Hold messages' })).toBeNull();
    act(() => void vi.advanceTimersByTime(10_000));
    expect(screen.getAllByRole('listitem').map((li) => li.textContent)).toEqual(['Still #1', 'Still #1']);
  });

  it('opens the no-representative URL once, when nobody is signed in', () => {
    const openUrl = vi.fn();
    const settings = { ...DEFAULT_SITE_SETTINGS, noRepUrl: 'https://kb.example/' };
    const { rerender } = render(<QueueWait settings={settings} wait={wait({ repsAvailable: 0, estimateSeconds: null })} queuedAt={Date.now()} openUrl={openUrl} />);
    rerender(<QueueWait settings={settings} wait={wait({ repsAvailable: 0, estimateSeconds: null, position: 1 })} queuedAt={Date.now()} openUrl={openUrl} />);
    expect(screen.getByRole('alert').textContent).toContain(DEFAULT_SITE_SETTINGS.noRepMessage);
    expect(openUrl).toHaveBeenCalledTimes(1);
    expect(openUrl).toHaveBeenCalledWith('https://kb.example/');
  });

  it('shows the message after the maximum wait even with representatives signed in', () => {
    vi.useFakeTimers();
    const openUrl = vi.fn();
    const settings = { ...DEFAULT_SITE_SETTINGS, maxWaitSeconds: 30, noRepUrl: 'https://kb.example/' };
    render(<QueueWait settings={settings} wait={wait()} queuedAt={Date.now()} openUrl={openUrl} />);
    expect(screen.queryByRole('alert')).toBeNull();
    act(() => void vi.advanceTimersByTime(30_000));
    expect(screen.getByRole('alert')).toBeTruthy();
    expect(openUrl).toHaveBeenCalledOnce();
  });
});
